#!/bin/sh
# Register Andock with the Linux desktop for the current user: a menu entry with its icon, and
# .andock project files opening in Andock when double-clicked. Run it from the unpacked andock
# folder (again after moving the folder); nothing outside $XDG_DATA_HOME (~/.local/share) changes.
#     ./install-desktop.sh               register
#     ./install-desktop.sh --uninstall   remove the registration again
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
mime="$data/mime"
icons="$data/icons/hicolor/256x256"

refresh() {
    # the desktop's caches of file types and programs (the tools are optional: without them the
    # desktop notices the new files at its next start)
    if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$mime"; fi
    if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database "$apps"; fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$apps/andock.desktop" "$mime/packages/andock.xml" "$icons/apps/andock.png" \
          "$icons/mimetypes/application-x-andock.png"
    refresh
    echo "Andock is no longer registered with the desktop."
    exit 0
fi

case "$here" in
    *'"'* | *'`'* | *'$'* | *'\'* | *'%'*)
        echo "install-desktop.sh: the folder's path contains \" \` \$ \\ or %, which a desktop entry cannot name; move the andock folder elsewhere" >&2
        exit 1 ;;
esac
if [ ! -x "$here/andock" ]; then
    echo "install-desktop.sh: $here/andock not found: run this script from the unpacked andock folder" >&2
    exit 1
fi

mkdir -p "$apps" "$mime/packages" "$icons/apps" "$icons/mimetypes"
sed "s|@ANDOCK@|\"$here/andock\"|" "$here/desktop/andock.desktop" > "$apps/andock.desktop"
cp "$here/desktop/andock-mime.xml" "$mime/packages/andock.xml"
cp "$here/desktop/andock.png" "$icons/apps/andock.png"
cp "$here/desktop/andock.png" "$icons/mimetypes/application-x-andock.png"
refresh
echo "Andock registered: menu entry $apps/andock.desktop, .andock files open with $here/andock"
