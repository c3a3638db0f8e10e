# Makes a listing of the admin command (`pwreset --help`, `pwreset config keys`: an entry at
# two spaces, its lines at six) into man(7) .TP paragraphs in place of the template's @LIST@
# line; every other line of the listing is left out. Usage: awk -f listing.awk LISTING TEMPLATE
function roff(text,    out, i, c) {
    gsub(/\\/, "\\e", text)
    out = ""
    for (i = 1; i <= length(text); i++) {
        c = substr(text, i, 1)
        # A minus sign where a word starts (-t, --email), a hyphen inside a word (plain-HTTP).
        if (c == "-" && (i == 1 || index(" [=-", substr(text, i - 1, 1)) > 0)) c = "\\-"
        out = out c
    }
    return out
}

FILENAME == ARGV[1] {
    if ($0 ~ /^  [^ ]/) {
        list = list ".TP\n.B \"" roff(substr($0, 3)) "\"\n"
        lines = 0
    } else if ($0 ~ /^      [^ ]/ && list != "") {
        line = substr($0, 7)
        list = list (lines++ ? ".br\n" : "") "\\&" roff(toupper(substr(line, 1, 1)) substr(line, 2)) "\n"
    }
    next
}

$0 == "@LIST@" {
    printf "%s", list
    next
}

{ print }
