<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AgreementPage</name>
    <message>
        <source>Intercoder agreement of two or more coders on the documents they both coded: percent agreement, Cohen&apos;s κ, Brennan &amp; Prediger&apos;s κn and Krippendorff&apos;s α, with the disagreements.</source>
        <translation>Intercoder-Übereinstimmung von zwei oder mehr Codierenden in den Dokumenten, die sie beide codiert haben: prozentuale Übereinstimmung, Cohens κ, Brennan &amp; Predigers κn und Krippendorffs α, mit den Abweichungen.</translation>
    </message>
    <message>
        <source>All levels</source>
        <translation>Alle Ebenen</translation>
    </message>
    <message>
        <source>Code in the document</source>
        <translation>Code im Dokument</translation>
    </message>
    <message>
        <source>Code frequency</source>
        <translation>Code-Häufigkeit</translation>
    </message>
    <message>
        <source>Segment overlap</source>
        <translation>Überlappung der Segmente</translation>
    </message>
    <message>
        <source>Speaker turns / paragraphs</source>
        <translation>Sprecherbeiträge / Absätze</translation>
    </message>
    <message>
        <source>Coders to compare:</source>
        <translation>Zu vergleichen:</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>Ebene:</translation>
    </message>
    <message>
        <source>Two segments of a code agree when they overlap by at least this share of their union.</source>
        <translation>Zwei Segmente eines Codes stimmen überein, wenn sie sich mindestens um diesen Anteil ihrer Vereinigung überlappen.</translation>
    </message>
    <message>
        <source>Least overlap (segments):</source>
        <translation>Mindestüberlappung (Segmente):</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>intercoder agreement</source>
        <translation>Intercoder-Übereinstimmung</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Backups of %1</source>
        <translation>Sicherungskopien von %1</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Anlass</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Codings</source>
        <translation>Codierungen</translation>
    </message>
    <message>
        <source>Backups are kept in:</source>
        <translation>Die Sicherungskopien liegen in:</translation>
    </message>
    <message>
        <source>Automatic backups, at most every</source>
        <translation>Automatisch sichern, höchstens alle</translation>
    </message>
    <message>
        <source> min of work</source>
        <translation> Min. Arbeit</translation>
    </message>
    <message>
        <source>keep the newest</source>
        <translation>die neuesten behalten:</translation>
    </message>
    <message>
        <source>Make backup &amp;now</source>
        <translation>Jetzt &amp;sichern</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>&amp;Wiederherstellen…</translation>
    </message>
    <message>
        <source>Show &amp;folder</source>
        <translation>&amp;Ordner zeigen</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>beschädigt</translation>
    </message>
    <message>
        <source>on opening</source>
        <translation>beim Öffnen</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>von Hand</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>vor einer Wiederherstellung</translation>
    </message>
    <message>
        <source>damaged file set aside</source>
        <translation>beschädigte Datei beiseitegelegt</translation>
    </message>
    <message>
        <source>Backup written: %1</source>
        <translation>Sicherungskopie geschrieben: %1</translation>
    </message>
    <message>
        <source>Restore backup</source>
        <translation>Sicherungskopie wiederherstellen</translation>
    </message>
    <message>
        <source>Replace %1 by the backup of %2? The project is closed and opened again; its current state is backed up first, so this can be reversed.</source>
        <translation>%1 durch die Sicherungskopie vom %2 ersetzen? Das Projekt wird geschlossen und wieder geöffnet; sein jetziger Stand wird vorher gesichert, sodass sich das rückgängig machen lässt.</translation>
    </message>
    <message>
        <source>Restoring…</source>
        <translation>Wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>Restored from %1. The state before is kept as %2.</source>
        <translation>Aus %1 wiederhergestellt. Der vorherige Stand liegt in %2.</translation>
    </message>
</context>
<context>
    <name>CodeDetails</name>
    <message>
        <source>Definition</source>
        <translation>Definition</translation>
    </message>
    <message>
        <source>Inclusion criteria</source>
        <translation>Einschlusskriterien</translation>
    </message>
    <message>
        <source>Exclusion criteria</source>
        <translation>Ausschlusskriterien</translation>
    </message>
    <message>
        <source>Coding rules</source>
        <translation>Codierregeln</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
    <message>
        <source>Anchor examples</source>
        <translation>Ankerbeispiele</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <source>No code selected</source>
        <translation>Kein Code ausgewählt</translation>
    </message>
</context>
<context>
    <name>CodebookPage</name>
    <message>
        <source>The codebook with definitions, criteria, rules, anchor examples and memos: Markdown to read and share, JSON to take it into another project.</source>
        <translation>Das Codebuch mit Definitionen, Kriterien, Regeln, Ankerbeispielen und Memos: Markdown zum Lesen und Weitergeben, JSON zur Übernahme in ein anderes Projekt.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>codebook</source>
        <translation>Codebuch</translation>
    </message>
</context>
<context>
    <name>CodebookPanel</name>
    <message>
        <source>Filter codes…</source>
        <translation>Codes filtern…</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmente</translation>
    </message>
</context>
<context>
    <name>CoderDialog</name>
    <message>
        <source>Who is coding?</source>
        <translation>Wer codiert?</translation>
    </message>
    <message>
        <source>Codings are recorded with the coder&apos;s name, so a team can compare them later. Choose your name or type a new one.</source>
        <translation>Codierungen werden mit dem Namen der Codierer*in gespeichert, damit ein Team sie später vergleichen kann. Wählen Sie Ihren Namen aus oder geben Sie einen neuen ein.</translation>
    </message>
</context>
<context>
    <name>CodingActions</name>
    <message>
        <source>Code with %1</source>
        <translation>Mit %1 codieren</translation>
    </message>
    <message>
        <source>In-vivo code %1</source>
        <translation>In-vivo-Code %1</translation>
    </message>
    <message>
        <source>Move code</source>
        <translation>Code verschieben</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>Neuer Code</translation>
    </message>
    <message>
        <source>Name of the new code:</source>
        <translation>Name des neuen Codes:</translation>
    </message>
    <message>
        <source>New code %1</source>
        <translation>Neuer Code %1</translation>
    </message>
    <message>
        <source>Rename code</source>
        <translation>Code umbenennen</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <source>Code colour</source>
        <translation>Codefarbe</translation>
    </message>
    <message>
        <source>Change colour</source>
        <translation>Farbe ändern</translation>
    </message>
    <message>
        <source>Merge code</source>
        <translation>Code zusammenführen</translation>
    </message>
    <message>
        <source>Merge “%1” into:</source>
        <translation>„%1“ zusammenführen in:</translation>
    </message>
    <message>
        <source>Merge codes</source>
        <translation>Codes zusammenführen</translation>
    </message>
    <message>
        <source>Delete “%1” with %2 subcode(s) and %3 coded segment(s)? Undo brings them back.</source>
        <translation>„%1“ mit %2 Subcode(s) und %3 codierten Segment(en) löschen? „Rückgängig“ stellt sie wieder her.</translation>
    </message>
    <message>
        <source>Delete code</source>
        <translation>Code löschen</translation>
    </message>
    <message>
        <source>Code memo</source>
        <translation>Code-Memo</translation>
    </message>
    <message>
        <source>New code…</source>
        <translation>Neuer Code…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Change colour…</source>
        <translation>Farbe ändern…</translation>
    </message>
    <message>
        <source>Merge into…</source>
        <translation>Zusammenführen in…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Memo…</source>
        <translation>Memo…</translation>
    </message>
    <message>
        <source>Remove coding</source>
        <translation>Codierung entfernen</translation>
    </message>
    <message>
        <source>Segment memo…</source>
        <translation>Segment-Memo…</translation>
    </message>
    <message>
        <source>Segment memo</source>
        <translation>Segment-Memo</translation>
    </message>
    <message>
        <source>Key quote</source>
        <translation>Schlüsselzitat</translation>
    </message>
    <message>
        <source>Add as anchor example</source>
        <translation>Als Ankerbeispiel hinzufügen</translation>
    </message>
    <message>
        <source>Add anchor example</source>
        <translation>Ankerbeispiel hinzufügen</translation>
    </message>
    <message>
        <source>Code with selected code</source>
        <translation>Mit ausgewähltem Code codieren</translation>
    </message>
    <message>
        <source>In-vivo code</source>
        <translation>In-vivo codieren</translation>
    </message>
    <message>
        <source>Add selection as anchor example of the selected code</source>
        <translation>Auswahl als Ankerbeispiel des gewählten Codes hinzufügen</translation>
    </message>
    <message>
        <source>Code whole speaker turn</source>
        <translation>Ganzen Sprecherbeitrag codieren</translation>
    </message>
    <message>
        <source>Document memo…</source>
        <translation>Dokument-Memo…</translation>
    </message>
    <message>
        <source>Rename speaker “%1”…</source>
        <translation>Sprecher*in „%1“ umbenennen…</translation>
    </message>
    <message>
        <source>Remove coding “%1” (%2)</source>
        <translation>Codierung „%1“ entfernen (%2)</translation>
    </message>
    <message>
        <source>Rename speaker</source>
        <translation>Sprecher*in umbenennen</translation>
    </message>
    <message>
        <source>“%1” already speaks here. Merge “%2” into “%1”?</source>
        <translation>„%1“ spricht hier bereits. „%2“ mit „%1“ zusammenführen?</translation>
    </message>
    <message>
        <source>Rename speaker %1 → %2</source>
        <translation>Sprecher*in %1 → %2 umbenennen</translation>
    </message>
    <message>
        <source>Document memo</source>
        <translation>Dokument-Memo</translation>
    </message>
    <message>
        <source>Coder: %1</source>
        <translation>Codierer*in: %1</translation>
    </message>
    <message>
        <source>Edit variables</source>
        <translation>Variablen bearbeiten</translation>
    </message>
</context>
<context>
    <name>CooccurrencePage</name>
    <message>
        <source>Pairs of codes coded on overlapping text: segment pairs, documents with such a pair, documents with both codes. Excel: three matrices and the list of pairs; CSV: the list.</source>
        <translation>Code-Paare auf überlappendem Text: Segmentpaare, Dokumente mit einem solchen Paar, Dokumente mit beiden Codes. Excel: drei Matrizen und die Liste der Paare; CSV: die Liste.</translation>
    </message>
    <message>
        <source>Count segments that start in the same speaker turn instead</source>
        <translation>Stattdessen Segmente zählen, die im selben Sprecherbeitrag beginnen</translation>
    </message>
    <message>
        <source>For German Excel (; and decimal comma)</source>
        <translation>Für deutsches Excel (; und Dezimalkomma)</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>co-occurrence</source>
        <translation>Kookkurrenz</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Citation label…</source>
        <translation>Zitierkürzel…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Link recording…</source>
        <translation>Aufnahme verknüpfen…</translation>
    </message>
    <message>
        <source>Document memo…</source>
        <translation>Dokument-Memo…</translation>
    </message>
    <message>
        <source>Document memo</source>
        <translation>Dokument-Memo</translation>
    </message>
    <message>
        <source>Document variables…</source>
        <translation>Dokumentvariablen…</translation>
    </message>
    <message>
        <source>Delete document…</source>
        <translation>Dokument löschen…</translation>
    </message>
    <message>
        <source>Rename document</source>
        <translation>Dokument umbenennen</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <source>Citation label</source>
        <translation>Zitierkürzel</translation>
    </message>
    <message>
        <source>Short label used in citations, e.g. (K01, 00:12:04). It must differ from every other document&apos;s:</source>
        <translation>Kurzes Kürzel für Zitate, z. B. (K01, 00:12:04). Es muss sich von dem jedes anderen Dokuments unterscheiden:</translation>
    </message>
    <message>
        <source>Change citation label</source>
        <translation>Zitierkürzel ändern</translation>
    </message>
    <message>
        <source>Move document</source>
        <translation>Dokument verschieben</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>„%1“ löschen?</translation>
    </message>
    <message>
        <source>It takes %1 coding(s), %2 memo(s) and %3 summary text(s) with it.</source>
        <translation>Damit werden %1 Codierung(en), %2 Memo(s) und %3 Zusammenfassung(en) gelöscht.</translation>
    </message>
    <message>
        <source>Edit → Undo brings it all back.</source>
        <translation>Bearbeiten → Rückgängig holt alles zurück.</translation>
    </message>
    <message>
        <source>Delete document</source>
        <translation>Dokument löschen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Coded segments in the document</source>
        <translation>Codierte Segmente im Dokument</translation>
    </message>
    <message>
        <source>No grouping</source>
        <translation>Keine Gruppierung</translation>
    </message>
    <message>
        <source>Group by %1</source>
        <translation>Gruppieren nach %1</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(ohne Wert)</translation>
    </message>
</context>
<context>
    <name>EditSession</name>
    <message>
        <source>Typing</source>
        <translation>Tippen</translation>
    </message>
    <message>
        <source>What you typed is on the clipboard.</source>
        <translation>Was Sie getippt haben, liegt in der Zwischenablage.</translation>
    </message>
</context>
<context>
    <name>EditorActions</name>
    <message>
        <source>Code selection</source>
        <translation>Auswahl codieren</translation>
    </message>
    <message>
        <source>Repeat last code</source>
        <translation>Letzten Code wiederholen</translation>
    </message>
    <message>
        <source>Code whole speaker turn</source>
        <translation>Ganzen Sprecherbeitrag codieren</translation>
    </message>
    <message>
        <source>In-vivo code</source>
        <translation>In-vivo codieren</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>Neuer Code</translation>
    </message>
    <message>
        <source>Rename code</source>
        <translation>Code umbenennen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Favourite code %1</source>
        <translation>Favoriten-Code %1</translation>
    </message>
</context>
<context>
    <name>EditorPrefsDialog</name>
    <message>
        <source>Transcript editor</source>
        <translation>Transkript-Editor</translation>
    </message>
    <message>
        <source>Playback</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Text snippets</source>
        <translation>Textbausteine</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Follow the playback in the text (play-along)</source>
        <translation>Wiedergabe im Text mitverfolgen (Mitlesen)</translation>
    </message>
    <message>
        <source>Step back on each pause</source>
        <translation>Rücksprung bei jeder Pause</translation>
    </message>
    <message>
        <source>Skip back and forward by</source>
        <translation>Springen zurück und vor um</translation>
    </message>
    <message>
        <source>Speed when a recording opens</source>
        <translation>Geschwindigkeit beim Öffnen einer Aufnahme</translation>
    </message>
    <message>
        <source>Underline uncertain words</source>
        <translation>Unsichere Wörter unterstreichen</translation>
    </message>
    <message>
        <source>Uncertain words</source>
        <translation>Unsichere Wörter</translation>
    </message>
    <message>
        <source>Uncertain below a recognition probability of</source>
        <translation>Unsicher unter einer Erkennungswahrscheinlichkeit von</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <source>Other key</source>
        <translation>Weitere Taste</translation>
    </message>
    <message>
        <source>Default keys and snippets</source>
        <translation>Standardtasten und -textbausteine</translation>
    </message>
    <message>
        <source>The keys work while the transcript has the focus. A foot pedal works through keys: set it up in its own program to send a key, then assign that key here.</source>
        <translation>Die Tasten wirken, solange das Transkript den Fokus hat. Ein Fußschalter wirkt über Tasten: Stellen Sie in seinem eigenen Programm ein, dass er eine Taste sendet, und weisen Sie diese Taste hier zu.</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Add snippet</source>
        <translation>Textbaustein hinzufügen</translation>
    </message>
    <message>
        <source>Remove snippet</source>
        <translation>Textbaustein entfernen</translation>
    </message>
    <message>
        <source>A snippet&apos;s key types its text at the cursor, e.g. (unv.) for an unintelligible passage.</source>
        <translation>Die Taste eines Textbausteins schreibt seinen Text an der Schreibmarke, z. B. (unv.) für eine unverständliche Stelle.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Code matrix</source>
        <translation>Code-Matrix</translation>
    </message>
    <message>
        <source>Co-occurrence</source>
        <translation>Kookkurrenz</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <source>Quotes</source>
        <translation>Zitate</translation>
    </message>
    <message>
        <source>Codebook</source>
        <translation>Codebuch</translation>
    </message>
    <message>
        <source>Intercoder agreement</source>
        <translation>Intercoder-Übereinstimmung</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Choose a file to write.</source>
        <translation>Wählen Sie eine Datei, in die exportiert wird.</translation>
    </message>
    <message>
        <source>Replace file?</source>
        <translation>Datei ersetzen?</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it?</source>
        <translation>%1 gibt es schon. Ersetzen?</translation>
    </message>
    <message>
        <source>Not exported: the file was kept.</source>
        <translation>Nicht exportiert: die Datei bleibt, wie sie war.</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Exportiere nach %1…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportiere…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>Geschrieben: %1</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written.</source>
        <translation>Export abgebrochen: nichts wurde geschrieben.</translation>
    </message>
    <message>
        <source>Export failed: %1 Nothing was written.</source>
        <translation>Export fehlgeschlagen: %1 Nichts wurde geschrieben.</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <source>Only what is ticked (nothing ticked: everything):</source>
        <translation>Nur das Angehakte (nichts angehakt: alles):</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Andock</source>
        <translation>Willkommen bei Andock</translation>
    </message>
    <message>
        <source>A few settings before you start. You can change each of them later under Edit → Preferences.</source>
        <translation>Ein paar Einstellungen vor dem Start. Jede lässt sich später unter Bearbeiten → Einstellungen ändern.</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Applies at once.</source>
        <translation>Gilt sofort.</translation>
    </message>
    <message>
        <source>e.g. Lena Hoffmann</source>
        <translation>z. B. Lena Hoffmann</translation>
    </message>
    <message>
        <source>Your codings are recorded under this name; projects suggest it when they ask who is coding.</source>
        <translation>Ihre Codierungen werden unter diesem Namen gespeichert; Projekte schlagen ihn vor, wenn sie fragen, wer codiert.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Your name as coder:</source>
        <translation>Ihr Name als Codierer*in:</translation>
    </message>
    <message>
        <source>Transcription model:</source>
        <translation>Transkriptionsmodell:</translation>
    </message>
    <message>
        <source>Projects folder:</source>
        <translation>Projektordner:</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Projects folder</source>
        <translation>Projektordner</translation>
    </message>
    <message>
        <source>Choose a folder for your projects.</source>
        <translation>Wählen Sie einen Ordner für Ihre Projekte.</translation>
    </message>
    <message>
        <source>Cannot use %1 as the projects folder: %2</source>
        <translation>%1 kann nicht Projektordner sein: %2</translation>
    </message>
</context>
<context>
    <name>Keymap</name>
    <message>
        <source>Play / pause</source>
        <translation>Wiedergabe / Pause</translation>
    </message>
    <message>
        <source>Skip back</source>
        <translation>Zurückspringen</translation>
    </message>
    <message>
        <source>Skip forward</source>
        <translation>Vorspringen</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>Langsamer</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>Schneller</translation>
    </message>
    <message>
        <source>Insert the current time</source>
        <translation>Aktuelle Zeit einfügen</translation>
    </message>
    <message>
        <source>Next speaker turn</source>
        <translation>Nächster Sprecherbeitrag</translation>
    </message>
    <message>
        <source>Next uncertain word</source>
        <translation>Nächstes unsicheres Wort</translation>
    </message>
    <message>
        <source>Previous uncertain word</source>
        <translation>Vorheriges unsicheres Wort</translation>
    </message>
    <message>
        <source>Insert “%1”</source>
        <translation>„%1“ einfügen</translation>
    </message>
    <message>
        <source>%1 is already used by the window for “%2”.</source>
        <translation>%1 ist schon im Fenster belegt mit „%2“.</translation>
    </message>
    <message>
        <source>%1 is already used for “%2”.</source>
        <translation>%1 ist schon belegt mit „%2“.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Codebook</source>
        <translation>Codesystem</translation>
    </message>
    <message>
        <source>Code details</source>
        <translation>Code-Details</translation>
    </message>
    <message>
        <source>Retrieved segments</source>
        <translation>Codierte Segmente</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Code matrix</source>
        <translation>Code-Matrix</translation>
    </message>
    <message>
        <source>Summary grid</source>
        <translation>Summary-Tabelle</translation>
    </message>
    <message>
        <source>Transcription</source>
        <translation>Transkription</translation>
    </message>
    <message>
        <source>Intercoder agreement</source>
        <translation>Intercoder-Übereinstimmung</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>&amp;Neues Projekt…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Connect to team database…</source>
        <translation>Mit Team&amp;datenbank verbinden…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Save project &amp;as…</source>
        <translation>Projekt speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Backups…</source>
        <translation>Sicherungs&amp;kopien…</translation>
    </message>
    <message>
        <source>&amp;Import documents…</source>
        <translation>Dokumente &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Transcribe recordings…</source>
        <translation>Aufnahmen &amp;transkribieren…</translation>
    </message>
    <message>
        <source>Document &amp;variables…</source>
        <translation>Dokument&amp;variablen…</translation>
    </message>
    <message>
        <source>&amp;Merge coders&apos; copies…</source>
        <translation>Kopien der Codierer*innen zusa&amp;mmenführen…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederherstellen</translation>
    </message>
    <message>
        <source>&amp;Find in documents…</source>
        <translation>In Dokumenten &amp;suchen…</translation>
    </message>
    <message>
        <source>Find and &amp;replace…</source>
        <translation>Suchen &amp;und ersetzen…</translation>
    </message>
    <message>
        <source>&amp;Edit text</source>
        <translation>Text &amp;bearbeiten</translation>
    </message>
    <message>
        <source>Transcript &amp;editor settings…</source>
        <translation>Einstellungen des &amp;Transkript-Editors…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>&amp;Codes</translation>
    </message>
    <message>
        <source>Code selection with &amp;selected code</source>
        <translation>Markierung mit &amp;ausgewähltem Code codieren</translation>
    </message>
    <message>
        <source>&amp;Repeat last code</source>
        <translation>&amp;Letzten Code wiederholen</translation>
    </message>
    <message>
        <source>Code whole speaker &amp;turn</source>
        <translation>Ganzen &amp;Sprecherbeitrag codieren</translation>
    </message>
    <message>
        <source>&amp;In-vivo code</source>
        <translation>&amp;In-vivo codieren</translation>
    </message>
    <message>
        <source>&amp;New code…</source>
        <translation>&amp;Neuer Code…</translation>
    </message>
    <message>
        <source>Re&amp;name code…</source>
        <translation>Code &amp;umbenennen…</translation>
    </message>
    <message>
        <source>Change &amp;colour…</source>
        <translation>&amp;Farbe ändern…</translation>
    </message>
    <message>
        <source>&amp;Merge code into…</source>
        <translation>Code &amp;zusammenführen in…</translation>
    </message>
    <message>
        <source>&amp;Delete code…</source>
        <translation>Code l&amp;öschen…</translation>
    </message>
    <message>
        <source>Code &amp;memo…</source>
        <translation>Code-&amp;Memo…</translation>
    </message>
    <message>
        <source>Put selected code on &amp;key</source>
        <translation>Ausgewählten Code auf &amp;Taste legen</translation>
    </message>
    <message>
        <source>Alt+%1</source>
        <translation>Alt+%1</translation>
    </message>
    <message>
        <source>Snap selections to &amp;whole words</source>
        <translation>Markierung auf ganze &amp;Wörter erweitern</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>&amp;Anordnung zurücksetzen</translation>
    </message>
    <message>
        <source>Show only the current coder&apos;s codings</source>
        <translation>Nur eigene Codierungen anzeigen</translation>
    </message>
    <message>
        <source>Show codings of</source>
        <translation>Codierungen anzeigen von</translation>
    </message>
    <message>
        <source>Choose &amp;coder…</source>
        <translation>&amp;Codierer*in wählen…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>&amp;About Andock</source>
        <translation>Ü&amp;ber Andock</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>All coders</source>
        <translation>Alle Codierer*innen</translation>
    </message>
    <message>
        <source>Edit code details</source>
        <translation>Code-Details bearbeiten</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Andock projects (*.andock)</source>
        <translation>Andock-Projekte (*.andock)</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>Projekt speichern unter</translation>
    </message>
    <message>
        <source>Saved a copy as %1</source>
        <translation>Kopie gespeichert als %1</translation>
    </message>
    <message>
        <source> (read-only)</source>
        <translation> (schreibgeschützt)</translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation>Dokumente importieren</translation>
    </message>
    <message>
        <source>Texts and transcripts (%1)</source>
        <translation>Texte und Transkripte (%1)</translation>
    </message>
    <message>
        <source>Open or create a project first.</source>
        <translation>Öffnen oder erstellen Sie zuerst ein Projekt.</translation>
    </message>
    <message>
        <source>Importing documents…</source>
        <translation>Dokumente werden importiert…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Rückgängig: %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Wiederherstellen: %1</translation>
    </message>
    <message>
        <source>About Andock</source>
        <translation>Über Andock</translation>
    </message>
    <message>
        <source>Andock %1 — qualitative interview research. Everything stays on this computer.</source>
        <translation>Andock %1 – qualitative Interviewforschung. Alle Daten bleiben auf diesem Computer.</translation>
    </message>
</context>
<context>
    <name>MatrixPage</name>
    <message>
        <source>Codes × groups of documents (the values of a variable) or × documents: Excel holds counts, shares and per 1,000 words; CSV one of them; Word and PDF a shaded table.</source>
        <translation>Codes × Gruppen von Dokumenten (die Werte einer Variable) oder × Dokumente: Excel enthält Anzahlen, Anteile und Werte je 1.000 Wörter; CSV eines davon; Word und PDF eine schattierte Tabelle.</translation>
    </message>
    <message>
        <source>Documents (one column each)</source>
        <translation>Dokumente (je eine Spalte)</translation>
    </message>
    <message>
        <source>Documents with the code</source>
        <translation>Dokumente mit dem Code</translation>
    </message>
    <message>
        <source>Coded segments</source>
        <translation>Codierte Segmente</translation>
    </message>
    <message>
        <source>Parent codes include their subcodes</source>
        <translation>Obercodes schließen ihre Subcodes ein</translation>
    </message>
    <message>
        <source>Counts</source>
        <translation>Anzahlen</translation>
    </message>
    <message>
        <source>Shares (%)</source>
        <translation>Anteile (%)</translation>
    </message>
    <message>
        <source>Per 1,000 words</source>
        <translation>Je 1.000 Wörter</translation>
    </message>
    <message>
        <source>For German Excel (; and decimal comma)</source>
        <translation>Für deutsches Excel (; und Dezimalkomma)</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>Spalten:</translation>
    </message>
    <message>
        <source>Count:</source>
        <translation>Zählen:</translation>
    </message>
    <message>
        <source>CSV holds:</source>
        <translation>CSV enthält:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>code matrix</source>
        <translation>Codematrix</translation>
    </message>
</context>
<context>
    <name>MatrixPanel</name>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmente</translation>
    </message>
    <message>
        <source>Parents include subcodes</source>
        <translation>Obercodes mit Subcodes zählen</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>Spalten:</translation>
    </message>
    <message>
        <source>Count:</source>
        <translation>Zählen:</translation>
    </message>
    <message>
        <source>All coders</source>
        <translation>Alle Codierer*innen</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
</context>
<context>
    <name>ModelChooser</name>
    <message>
        <source>on this computer</source>
        <translation>auf diesem Computer</translation>
    </message>
    <message>
        <source>%1 — %2 — about %3 per hour of audio (estimate)</source>
        <translation>%1 — %2 — etwa %3 pro Stunde Audio (Schätzung)</translation>
    </message>
    <message>
        <source>, recommended</source>
        <translation>, empfohlen</translation>
    </message>
    <message>
        <source>Download now</source>
        <translation>Jetzt herunterladen</translation>
    </message>
    <message>
        <source>Use a model folder…</source>
        <translation>Modellordner verwenden…</translation>
    </message>
    <message>
        <source>A model folder copied from a colleague&apos;s computer or a USB stick</source>
        <translation>Ein Modellordner, kopiert vom Computer einer Kollegin oder von einem USB-Stick</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Downloading %1 in the background; you can go on filling in this form.</source>
        <translation>%1 wird im Hintergrund heruntergeladen; Sie können dieses Formular weiter ausfüllen.</translation>
    </message>
    <message>
        <source>Uses the model in %1.</source>
        <translation>Verwendet das Modell in %1.</translation>
    </message>
    <message>
        <source>No model for now: the transcription panel downloads one whenever you like.</source>
        <translation>Vorerst kein Modell: Die Transkriptionsleiste lädt jederzeit eines herunter.</translation>
    </message>
    <message>
        <source>%1 is on this computer and ready.</source>
        <translation>%1 ist auf diesem Computer und bereit.</translation>
    </message>
    <message>
        <source>%1 is not on this computer yet: download it now (needs internet once), or later from the transcription panel.</source>
        <translation>%1 ist noch nicht auf diesem Computer: jetzt herunterladen (braucht einmal Internet) oder später in der Transkriptionsleiste.</translation>
    </message>
    <message>
        <source>Times are estimates from transcriptions measured on this computer.</source>
        <translation>Die Zeiten sind Schätzungen aus Transkriptionen, die auf diesem Computer gemessen wurden.</translation>
    </message>
    <message>
        <source>Times are estimates from another model measured on this computer.</source>
        <translation>Die Zeiten sind Schätzungen aus einem anderen Modell, das auf diesem Computer gemessen wurde.</translation>
    </message>
    <message>
        <source>Times are rough estimates for this computer (%1 processor cores), from speeds measured on a 2-core computer; the first transcription measures the real speed.</source>
        <translation>Die Zeiten sind grobe Schätzungen für diesen Computer (%1 Prozessorkerne) aus Messungen auf einem Computer mit 2 Kernen; die erste Transkription misst die echte Geschwindigkeit.</translation>
    </message>
    <message>
        <source>Whisper model folder</source>
        <translation>Whisper-Modellordner</translation>
    </message>
    <message>
        <source>%1 holds no Whisper model. A model folder contains model.bin, config.json and tokenizer.json: copy the whole folder.</source>
        <translation>%1 enthält kein Whisper-Modell. Ein Modellordner enthält model.bin, config.json und tokenizer.json: Kopieren Sie den ganzen Ordner.</translation>
    </message>
    <message>
        <source>Download cancelled; nothing was kept.</source>
        <translation>Download abgebrochen; nichts wurde behalten.</translation>
    </message>
    <message>
        <source>The download failed: %1</source>
        <translation>Der Download ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>PanelRefresh</name>
    <message>
        <source>Edit summary</source>
        <translation>Zusammenfassung bearbeiten</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>Snap selections to whole words</source>
        <translation>Markierung auf ganze Wörter erweitern</translation>
    </message>
    <message>
        <source>Suggested when a project asks who is coding</source>
        <translation>Vorgeschlagen, wenn ein Projekt fragt, wer codiert</translation>
    </message>
    <message>
        <source>A new language applies when Andock is started again.</source>
        <translation>Eine geänderte Sprache gilt ab dem nächsten Start von Andock.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Your name as coder</source>
        <translation>Ihr Name als Codierer*in</translation>
    </message>
    <message>
        <source>Transcription model</source>
        <translation>Transkriptionsmodell</translation>
    </message>
    <message>
        <source>Projects folder</source>
        <translation>Projektordner</translation>
    </message>
</context>
<context>
    <name>PresenceButton</name>
    <message>
        <source>Team: …</source>
        <translation>Team: …</translation>
    </message>
    <message>
        <source>Team: %1 of %2 connected</source>
        <translation>Team: %1 von %2 verbunden</translation>
    </message>
    <message>
        <source> (lead)</source>
        <translation> (Leitung)</translation>
    </message>
</context>
<context>
    <name>ProjectController</name>
    <message>
        <source>Coder %1</source>
        <translation>Codierer*in %1</translation>
    </message>
</context>
<context>
    <name>ProjectFileActions</name>
    <message>
        <source>Project is open elsewhere</source>
        <translation>Projekt ist anderswo geöffnet</translation>
    </message>
    <message>
        <source>%1 is already open:
%2

Two windows that change the same project can confuse each other&apos;s work. Open it read-only to look only.</source>
        <translation>%1 ist bereits geöffnet:
%2

Zwei Fenster, die dasselbe Projekt ändern, können sich gegenseitig die Arbeit durcheinanderbringen. Öffnen Sie es schreibgeschützt, um es nur anzusehen.</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>Schreibgeschützt öffnen</translation>
    </message>
    <message>
        <source>Open anyway</source>
        <translation>Trotzdem öffnen</translation>
    </message>
    <message>
        <source>Merge coders&apos; copies</source>
        <translation>Kopien der Codierer*innen zusammenführen</translation>
    </message>
    <message>
        <source>Andock projects (*.andock)</source>
        <translation>Andock-Projekte (*.andock)</translation>
    </message>
    <message>
        <source>The copies hold nothing that this project lacks.</source>
        <translation>Die Kopien enthalten nichts, was diesem Projekt fehlt.</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>Merging would change this:</source>
        <translation>Das Zusammenführen würde Folgendes ändern:</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Zusammenführen</translation>
    </message>
    <message>
        <source>Merged %1 copies; Edit → Undo takes the merge back</source>
        <translation>%1 Kopien zusammengeführt; Bearbeiten → Rückgängig nimmt das zurück</translation>
    </message>
</context>
<context>
    <name>QuotesPage</name>
    <message>
        <source>The quotes of a code and its subcodes for publications: quote, citation, time or position, code, speaker.</source>
        <translation>Die Zitate eines Codes und seiner Subcodes für Veröffentlichungen: Zitat, Beleg, Zeit oder Position, Code, Sprecher*in.</translation>
    </message>
    <message>
        <source>Only key quotes</source>
        <translation>Nur Schlüsselzitate</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>quotes %1</source>
        <translation>Zitate %1</translation>
    </message>
    <message>
        <source>The project has no codes yet.</source>
        <translation>Das Projekt hat noch keine Codes.</translation>
    </message>
</context>
<context>
    <name>ReplaceDialog</name>
    <message>
        <source>Find and replace</source>
        <translation>Suchen und ersetzen</translation>
    </message>
    <message>
        <source>Regular expression (\1 inserts a group)</source>
        <translation>Regulärer Ausdruck (\1 fügt eine Gruppe ein)</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>In “%1”</source>
        <translation>In „%1“</translation>
    </message>
    <message>
        <source>In all documents</source>
        <translation>In allen Dokumenten</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Suchen:</translation>
    </message>
    <message>
        <source>Replace with:</source>
        <translation>Ersetzen durch:</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <source>Replace checked</source>
        <translation>Angehakte ersetzen</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>%1 change(s) in %2 document(s)</source>
        <translation>%1 Änderung(en) in %2 Dokument(en)</translation>
    </message>
    <message>
        <source>Nothing found</source>
        <translation>Nichts gefunden</translation>
    </message>
    <message>
        <source>Replace “%1”</source>
        <translation>„%1“ ersetzen</translation>
    </message>
    <message>
        <source>Replaced %1 — Undo takes it back</source>
        <translation>%1 ersetzt – Rückgängig nimmt es zurück</translation>
    </message>
    <message>
        <source>(%1 coding(s) shortened, %2 removed with their text)</source>
        <translation>(%1 Codierung(en) gekürzt, %2 mit ihrem Text entfernt)</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <source>Publication-ready reports with title page, contents and page numbers.</source>
        <translation>Berichte zum Veröffentlichen, mit Titelseite, Inhaltsverzeichnis und Seitenzahlen.</translation>
    </message>
    <message>
        <source>Codebook: definitions, rules, anchor examples, frequencies</source>
        <translation>Codebuch: Definitionen, Regeln, Ankerbeispiele, Häufigkeiten</translation>
    </message>
    <message>
        <source>Segments per code, with citations</source>
        <translation>Segmente je Code, mit Belegen</translation>
    </message>
    <message>
        <source>Group comparison: crosstab and quotes per group</source>
        <translation>Gruppenvergleich: Kreuztabelle und Zitate je Gruppe</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>Report:</source>
        <translation>Bericht:</translation>
    </message>
    <message>
        <source>Group by:</source>
        <translation>Gruppieren nach:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>codebook report</source>
        <translation>Codebuch-Bericht</translation>
    </message>
    <message>
        <source>segments report</source>
        <translation>Segment-Bericht</translation>
    </message>
    <message>
        <source>group comparison</source>
        <translation>Gruppenvergleich</translation>
    </message>
    <message>
        <source>The group comparison needs a variable to group by.</source>
        <translation>Der Gruppenvergleich braucht eine Variable, nach der gruppiert wird.</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>A segment agrees when the other coder&apos;s segment of the code overlaps it by at least this much (intersection / union)</source>
        <translation>Ein Segment stimmt überein, wenn das Segment des anderen Codierers mit demselben Code es mindestens so weit überlappt (Schnittmenge / Vereinigung)</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <source>Coder A:</source>
        <translation>Codierer*in A:</translation>
    </message>
    <message>
        <source>Coder B:</source>
        <translation>Codierer*in B:</translation>
    </message>
    <message>
        <source>Overlap:</source>
        <translation>Überlappung:</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <source>Coder A</source>
        <translation>Codierer*in A</translation>
    </message>
    <message>
        <source>Coder B</source>
        <translation>Codierer*in B</translation>
    </message>
    <message>
        <source>Keep A&apos;s</source>
        <translation>A übernehmen</translation>
    </message>
    <message>
        <source>Keep B&apos;s</source>
        <translation>B übernehmen</translation>
    </message>
    <message>
        <source>Keep both</source>
        <translation>Beide behalten</translation>
    </message>
    <message>
        <source>Drop both</source>
        <translation>Beide verwerfen</translation>
    </message>
    <message>
        <source>Consensus coder</source>
        <translation>Konsens-Codierung</translation>
    </message>
    <message>
        <source>Code the passage for the coder “Konsens”; A&apos;s and B&apos;s codings stay as they are</source>
        <translation>Die Stelle für die Codierer*in „Konsens“ codieren; die Codierungen von A und B bleiben, wie sie sind</translation>
    </message>
    <message>
        <source>Choose two different coders.</source>
        <translation>Bitte zwei verschiedene Codierer*innen wählen.</translation>
    </message>
    <message>
        <source>Comparing…</source>
        <translation>Vergleiche…</translation>
    </message>
    <message>
        <source>Segment level, %1 documents: agreement %2 (%3 of %4 segments), Brennan &amp; Prediger κ %5, Krippendorff α %6.</source>
        <translation>Segmentebene, %1 Dokumente: Übereinstimmung %2 (%3 von %4 Segmenten), Brennan &amp; Prediger κ %5, Krippendorffs α %6.</translation>
    </message>
    <message>
        <source>%1 of %2 decided</source>
        <translation>%1 von %2 entschieden</translation>
    </message>
    <message>
        <source>(not coded)</source>
        <translation>(nicht codiert)</translation>
    </message>
    <message>
        <source>Settle disagreement</source>
        <translation>Abweichung klären</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search in all documents…</source>
        <translation>In allen Dokumenten suchen…</translation>
    </message>
    <message>
        <source>Regular expression</source>
        <translation>Regulärer Ausdruck</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>Code selected hits</source>
        <translation>Ausgewählte Treffer codieren</translation>
    </message>
    <message>
        <source>Code the selected hits with the code selected in the codebook (one step to undo)</source>
        <translation>Die ausgewählten Treffer mit dem im Codesystem ausgewählten Code codieren (in einem Schritt rückgängig zu machen)</translation>
    </message>
    <message>
        <source>Code selected hits with the selected code</source>
        <translation>Ausgewählte Treffer mit dem ausgewählten Code codieren</translation>
    </message>
    <message>
        <source>Select all hits</source>
        <translation>Alle Treffer auswählen</translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <source>with subcodes</source>
        <translation>mit Subcodes</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Sprecher*in</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Coder</source>
        <translation>Codierer*in</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>Alle Dokumente</translation>
    </message>
    <message>
        <source>Any variable value</source>
        <translation>Alle Variablenwerte</translation>
    </message>
    <message>
        <source>All coders</source>
        <translation>Alle Codierer*innen</translation>
    </message>
    <message>
        <source>all codes</source>
        <translation>alle Codes</translation>
    </message>
    <message numerus="yes">
        <source>%n segment(s)</source>
        <translation>
            <numerusform>%n Segment</numerusform>
            <numerusform>%n Segmente</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelectionTabs</name>
    <message>
        <source>Coders</source>
        <translation>Codierende</translation>
    </message>
    <message>
        <source>Codes</source>
        <translation>Codes</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>Variablen</translation>
    </message>
</context>
<context>
    <name>SpeakerDialog</name>
    <message>
        <source>Rename speaker</source>
        <translation>Sprecher*in umbenennen</translation>
    </message>
    <message>
        <source>In all documents</source>
        <translation>In allen Dokumenten</translation>
    </message>
    <message>
        <source>New name for “%1”:</source>
        <translation>Neuer Name für „%1“:</translation>
    </message>
    <message>
        <source>The label at the start of each of the speaker&apos;s turns changes too; codings stay on their words.</source>
        <translation>Die Kennung am Anfang jedes Beitrags ändert sich mit; Codierungen bleiben auf ihren Wörtern.</translation>
    </message>
</context>
<context>
    <name>SummaryPanel</name>
    <message>
        <source>Write a summary of this cell…</source>
        <translation>Zusammenfassung dieser Zelle schreiben…</translation>
    </message>
    <message>
        <source>Save summary</source>
        <translation>Zusammenfassung speichern</translation>
    </message>
    <message>
        <source>Coded text</source>
        <translation>Codierter Text</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>Zeilen:</translation>
    </message>
    <message>
        <source>Groups of %1</source>
        <translation>Gruppen nach %1</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
</context>
<context>
    <name>TeamDialog</name>
    <message>
        <source>Connect to team database</source>
        <translation>Mit Teamdatenbank verbinden</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>Passwort im Schlüsselbund des Systems merken</translation>
    </message>
    <message>
        <source>Recent:</source>
        <translation>Zuletzt:</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>Server:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Datenbank:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Your team&apos;s administrator set the database up (andock server init) and gave you your user name and password.</source>
        <translation>Die Administration Ihres Teams hat die Datenbank eingerichtet (andock server init) und Ihnen Benutzernamen und Passwort gegeben.</translation>
    </message>
    <message>
        <source>This computer has no system keyring Andock could use: the password is not stored, type it each time.</source>
        <translation>Dieser Computer hat keinen Schlüsselbund, den Andock nutzen könnte: Das Passwort wird nicht gespeichert, geben Sie es jedes Mal ein.</translation>
    </message>
    <message>
        <source>The password is kept only in the system keyring, never in the settings or the project.</source>
        <translation>Das Passwort wird nur im Schlüsselbund des Systems aufbewahrt, nie in den Einstellungen oder im Projekt.</translation>
    </message>
    <message>
        <source>Enter the server, the database and your user name.</source>
        <translation>Geben Sie Server, Datenbank und Ihren Benutzernamen ein.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
</context>
<context>
    <name>TeamSession</name>
    <message>
        <source>team: %1 — Andock</source>
        <translation>Team: %1 — Andock</translation>
    </message>
    <message>
        <source>On a team database you code as the coder of your login; to code as someone else, connect with their login.</source>
        <translation>In einer Team-Datenbank codieren Sie als die Codierer*in Ihrer Anmeldung; um als jemand anderes zu codieren, melden Sie sich mit deren Anmeldung an.</translation>
    </message>
    <message>
        <source>Changes by others</source>
        <translation>Änderungen anderer</translation>
    </message>
</context>
<context>
    <name>TeamWatcher</name>
    <message>
        <source>Lost the connection that shows others&apos; changes; trying again. (%1)</source>
        <translation>Die Verbindung, die Änderungen anderer zeigt, ist abgebrochen; neuer Versuch folgt. (%1)</translation>
    </message>
    <message>
        <source>This team database does not report others&apos; changes yet: its administrator can add that by running andock server init again. Reopen it to see their latest work.</source>
        <translation>Diese Teamdatenbank meldet Änderungen anderer noch nicht: Die Administration kann das mit einem erneuten andock server init nachrüsten. Öffnen Sie sie erneut, um den neuesten Stand zu sehen.</translation>
    </message>
</context>
<context>
    <name>TranscriptEditor</name>
    <message>
        <source>Play / pause (F4)</source>
        <translation>Wiedergabe / Pause (F4)</translation>
    </message>
    <message>
        <source>Playback speed (pitch kept)</source>
        <translation>Wiedergabegeschwindigkeit (Tonhöhe bleibt)</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Mitlaufen</translation>
    </message>
    <message>
        <source>Highlight the word being heard and keep it in view</source>
        <translation>Das gerade gehörte Wort hervorheben und im Blick behalten</translation>
    </message>
    <message>
        <source>Uncertain words</source>
        <translation>Unsichere Wörter</translation>
    </message>
    <message>
        <source>Underline words Whisper was unsure about (F3: next one)</source>
        <translation>Wörter unterstreichen, bei denen Whisper unsicher war (F3: nächstes)</translation>
    </message>
    <message>
        <source>Link recording…</source>
        <translation>Aufnahme verknüpfen…</translation>
    </message>
    <message>
        <source>Find it</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Look for the moved recording in the project folder</source>
        <translation>Die verschobene Aufnahme im Projektordner suchen</translation>
    </message>
    <message>
        <source>Edit text</source>
        <translation>Text bearbeiten</translation>
    </message>
    <message>
        <source>Correct the transcript: typing is saved word by word and can be undone</source>
        <translation>Transkript korrigieren: Getipptes wird Wort für Wort gespeichert und lässt sich rückgängig machen</translation>
    </message>
    <message>
        <source>Replace…</source>
        <translation>Ersetzen…</translation>
    </message>
    <message>
        <source>No recording linked</source>
        <translation>Keine Aufnahme verknüpft</translation>
    </message>
    <message>
        <source>Recording not found: %1</source>
        <translation>Aufnahme nicht gefunden: %1</translation>
    </message>
    <message>
        <source>Link recording</source>
        <translation>Aufnahme verknüpfen</translation>
    </message>
    <message>
        <source>Recordings (%1)</source>
        <translation>Aufnahmen (%1)</translation>
    </message>
    <message>
        <source>The recording was not found in the project folder (%1 files looked at). Link it yourself.</source>
        <translation>Die Aufnahme wurde im Projektordner nicht gefunden (%1 Dateien angesehen). Bitte selbst verknüpfen.</translation>
    </message>
    <message>
        <source>The project is open read-only.</source>
        <translation>Das Projekt ist schreibgeschützt geöffnet.</translation>
    </message>
    <message>
        <source>Turn on “Edit text” to type into the transcript</source>
        <translation>„Text bearbeiten“ einschalten, um im Transkript zu tippen</translation>
    </message>
    <message>
        <source>Insert time</source>
        <translation>Zeit einfügen</translation>
    </message>
    <message>
        <source>New speaker turn</source>
        <translation>Neuer Sprecherbeitrag</translation>
    </message>
    <message>
        <source>No uncertain words in this document</source>
        <translation>Keine unsicheren Wörter in diesem Dokument</translation>
    </message>
</context>
<context>
    <name>TranscriptPlayer</name>
    <message>
        <source>The recording %1 does not exist.</source>
        <translation>Die Aufnahme %1 gibt es nicht.</translation>
    </message>
    <message>
        <source>The recording %1 cannot be read: it is not a file or you may not read it.</source>
        <translation>Die Aufnahme %1 kann nicht gelesen werden: Sie ist keine Datei, oder Sie dürfen sie nicht lesen.</translation>
    </message>
    <message>
        <source>%1 contains no sound.</source>
        <translation>%1 enthält keinen Ton.</translation>
    </message>
    <message>
        <source>%1 cannot be played: the file is damaged or not in a sound format Andock can play (such as MP3, M4A or WAV).</source>
        <translation>%1 kann nicht abgespielt werden: Die Datei ist beschädigt oder in keinem Tonformat, das Andock abspielen kann (etwa MP3, M4A oder WAV).</translation>
    </message>
    <message>
        <source>%1 cannot be played: %2</source>
        <translation>%1 kann nicht abgespielt werden: %2</translation>
    </message>
</context>
<context>
    <name>TranscriptionOptions</name>
    <message>
        <source>Download model</source>
        <translation>Modell herunterladen</translation>
    </message>
    <message>
        <source>Models are downloaded only when you ask; needs internet once.</source>
        <translation>Modelle werden nur auf Ihren Wunsch heruntergeladen; dafür ist einmal Internet nötig.</translation>
    </message>
    <message>
        <source>faster-whisper (fast)</source>
        <translation>faster-whisper (schnell)</translation>
    </message>
    <message>
        <source>openai-whisper (reference, slow)</source>
        <translation>openai-whisper (Referenz, langsam)</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>Automatisch erkennen</translation>
    </message>
    <message>
        <source>Speakers are labelled I (first) and B, or B1, B2 … in order of appearance</source>
        <translation>Sprecher*innen werden in der Reihenfolge ihres Auftretens I (zuerst) und B bzw. B1, B2 … benannt</translation>
    </message>
    <message>
        <source>One speaker per stereo channel</source>
        <translation>Ein*e Sprecher*in pro Stereokanal</translation>
    </message>
    <message>
        <source>Names of places and organisations, e.g. Marxloh, Caritas</source>
        <translation>Namen von Orten und Organisationen, z. B. Marxloh, Caritas</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Value, e.g. kommunal</source>
        <translation>Wert, z. B. kommunal</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>Engine:</source>
        <translation>Engine:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Speakers:</source>
        <translation>Sprecher*innen:</translation>
    </message>
    <message>
        <source>Vocabulary:</source>
        <translation>Vokabular:</translation>
    </message>
    <message>
        <source>Set for new transcripts:</source>
        <translation>Für neue Transkripte setzen:</translation>
    </message>
    <message>
        <source>on this computer</source>
        <translation>auf diesem Computer</translation>
    </message>
    <message>
        <source>download %1 MB</source>
        <translation>Download %1 MB</translation>
    </message>
    <message>
        <source>, recommended</source>
        <translation>, empfohlen</translation>
    </message>
    <message>
        <source>Model folder…</source>
        <translation>Modellordner…</translation>
    </message>
    <message>
        <source>Whisper model folder</source>
        <translation>Whisper-Modellordner</translation>
    </message>
    <message>
        <source>Transcription is not installed in this Andock: install its “transcription” component (pip install &quot;andock[transcription]&quot;).</source>
        <translation>Die Transkription ist in diesem Andock nicht installiert: Installieren Sie die Komponente „transcription“ (pip install &quot;andock[transcription]&quot;).</translation>
    </message>
    <message>
        <source>measured on this computer</source>
        <translation>auf diesem Computer gemessen</translation>
    </message>
    <message>
        <source>estimated from another model measured here</source>
        <translation>geschätzt aus einem hier gemessenen anderen Modell</translation>
    </message>
    <message>
        <source>rough estimate until the first recording is measured</source>
        <translation>grobe Schätzung, bis die erste Aufnahme gemessen ist</translation>
    </message>
    <message>
        <source>About %1 per hour of audio (%2).</source>
        <translation>Etwa %1 pro Stunde Audio (%2).</translation>
    </message>
    <message>
        <source>Waiting: %1 of audio, about %2.</source>
        <translation>Wartend: %1 Audio, etwa %2.</translation>
    </message>
    <message>
        <source>This model is not on this computer yet: download it first (needs internet once).</source>
        <translation>Dieses Modell ist noch nicht auf diesem Computer: Laden Sie es zuerst herunter (einmal Internet nötig).</translation>
    </message>
    <message>
        <source>The voice encoder that tells speakers apart is missing from this installation (resources/voice): reinstall Andock, or choose one speaker per stereo channel.</source>
        <translation>Der Stimmen-Encoder, der Sprecher unterscheidet, fehlt in dieser Installation (resources/voice): Andock neu installieren oder einen Sprecher pro Stereokanal wählen.</translation>
    </message>
    <message>
        <source>Downloading %1…</source>
        <translation>%1 wird heruntergeladen…</translation>
    </message>
    <message>
        <source>%1 is ready</source>
        <translation>%1 ist bereit</translation>
    </message>
</context>
<context>
    <name>TranscriptionPanel</name>
    <message>
        <source>Recording</source>
        <translation>Aufnahme</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Add recordings…</source>
        <translation>Aufnahmen hinzufügen…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop after saving what is done; Start continues where it stopped</source>
        <translation>Anhalten; Fertiges bleibt gespeichert, „Starten“ macht an derselben Stelle weiter</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancel the selected recordings</source>
        <translation>Die ausgewählten Aufnahmen abbrechen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut</translation>
    </message>
    <message>
        <source>Queue the selected failed or cancelled recordings again</source>
        <translation>Die ausgewählten fehlgeschlagenen oder abgebrochenen Aufnahmen erneut einreihen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected recordings from the list (transcripts stay)</source>
        <translation>Die ausgewählten Aufnahmen aus der Liste entfernen (Transkripte bleiben)</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Fertige entfernen</translation>
    </message>
    <message>
        <source>Continuing the transcription queue</source>
        <translation>Die Transkriptionswarteschlange wird fortgesetzt</translation>
    </message>
    <message>
        <source>→ document %1</source>
        <translation>→ Dokument %1</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Transcribing</source>
        <translation>Wird transkribiert</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Add recordings</source>
        <translation>Aufnahmen hinzufügen</translation>
    </message>
    <message>
        <source>Audio and video (%1)</source>
        <translation>Audio und Video (%1)</translation>
    </message>
    <message>
        <source>Open or create a project first.</source>
        <translation>Öffnen oder erstellen Sie zuerst ein Projekt.</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n recording(s)…</source>
        <translation>
            <numerusform>%n Aufnahme wird geprüft…</numerusform>
            <numerusform>%n Aufnahmen werden geprüft…</numerusform>
        </translation>
    </message>
    <message>
        <source>Not added:</source>
        <translation>Nicht hinzugefügt:</translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s) added to the transcription queue</source>
        <translation>
            <numerusform>%n Aufnahme zur Transkriptionswarteschlange hinzugefügt</numerusform>
            <numerusform>%n Aufnahmen zur Transkriptionswarteschlange hinzugefügt</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten…</translation>
    </message>
    <message>
        <source>%1 of the audio done, about %2 left (%3 recording(s))</source>
        <translation>%1 des Audios fertig, noch etwa %2 (%3 Aufnahme(n))</translation>
    </message>
    <message>
        <source>Transcribed %1</source>
        <translation>%1 transkribiert</translation>
    </message>
    <message>
        <source>The transcription queue stopped: %1</source>
        <translation>Die Transkriptionswarteschlange wurde angehalten: %1</translation>
    </message>
    <message>
        <source>Queue finished: %1 transcribed, %2 failed</source>
        <translation>Warteschlange fertig: %1 transkribiert, %2 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Stopped; Start continues where it stopped</source>
        <translation>Angehalten; „Starten“ macht an derselben Stelle weiter</translation>
    </message>
    <message>
        <source>about %1</source>
        <translation>etwa %1</translation>
    </message>
</context>
<context>
    <name>VariablesDialog</name>
    <message>
        <source>Document variables</source>
        <translation>Dokumentvariablen</translation>
    </message>
    <message>
        <source>Edit values; an empty cell removes the value.</source>
        <translation>Werte bearbeiten; eine leere Zelle entfernt den Wert.</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Select a code in the codebook first.</source>
        <translation>Wählen Sie zuerst einen Code im Codesystem aus.</translation>
    </message>
    <message>
        <source>Code %1 search hits with %2</source>
        <translation>%1 Suchtreffer mit %2 codieren</translation>
    </message>
    <message>
        <source>The text has changed since the search: search again, then code the hits. Nothing was coded.</source>
        <translation>Der Text hat sich seit der Suche geändert: Suchen Sie erneut und codieren Sie dann die Treffer. Es wurde nichts codiert.</translation>
    </message>
</context>
</TS>
