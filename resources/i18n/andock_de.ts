<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>CodeDetails</name>
    <message>
        <source>Definition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inclusion criteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exclusion criteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coding rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anchor examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No code selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodebookPanel</name>
    <message>
        <source>Filter codes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segments</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CoderDialog</name>
    <message>
        <source>Who is coding?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codings are recorded with the coder&apos;s name, so a team can compare them later. Choose your name or type a new one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodingActions</name>
    <message>
        <source>Code with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-vivo code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change colour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge “%1” into:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “%1” with %2 subcode(s) and %3 coded segment(s)? Undo brings them back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change colour…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove coding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment memo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key quote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add as anchor example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add anchor example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code with selected code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In-vivo code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code whole speaker turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document memo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove coding at cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document memo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit variables</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No grouping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codebook</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrieved segments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document &amp;variables…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find in documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code selection with &amp;selected code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat last code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code whole speaker &amp;turn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;In-vivo code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;name code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;colour…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Merge code into…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code &amp;memo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put selected code on &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alt+%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snap selections to &amp;whole words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the current coder&apos;s codings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose &amp;coder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Andock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit code details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Andock projects (*.andock)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved a copy as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts and transcripts (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a project first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Andock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Andock %1 — qualitative interview research. Everything stays on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snap selections to whole words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies when Andock is started again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search in all documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Match case</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <source>with subcodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All documents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any variable value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All coders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VariablesDialog</name>
    <message>
        <source>Document variables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit values; an empty cell removes the value.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
