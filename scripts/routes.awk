# Reads the routes table (cgi-bin/routes) for make and scripts/stack. With -v programs=1, prints
# its programs once each, in table order, on one line. With -v snippet=NAME and an nginx
# snippet template after the table, prints the template with its @ROUTES@ line replaced by a
# location for each route of that snippet. A malformed line stops it with a message on stderr.

function die(message) {
    printf "%s:%d: %s\n", FILENAME, FNR, message > "/dev/stderr"
    failed = 1
    exit 1
}

function fastcgi(indent, program) {
    print indent "include fastcgi_params;"
    print indent "fastcgi_param PWRESET_CONFIG @CONFIG@;"
    print indent "fastcgi_pass unix:@RUNDIR@/" program ".sock;"
    print indent "client_max_body_size 16k;"
}

# An exact path is one location. A prefix and a segment is a ^~ location around a regex that
# takes exactly one segment, anything else under the prefix answered with 404; the template's
# comment says why, and why nginx logs only critical errors there.
function location(path, program,    prefix) {
    if (path !~ /<[a-z_]+>$/) {
        print "location = " path " {"
        fastcgi("    ", program)
        print "}\n"
        return
    }
    prefix = path
    sub(/<[a-z_]+>$/, "", prefix)
    print "location ^~ " prefix " {"
    print "    error_log @NGINX_ERROR_LOG@ crit;"
    print "    location ~ ^" prefix "[^/]+$ {"
    fastcgi("        ", program)
    print "    }"
    print "    return 404;"
    print "}\n"
}

FILENAME == ARGV[1] {
    if (/^[ \t]*(#|$)/) next
    if (NF != 4) die("want PATH PROGRAM METHODS SNIPPETS, not " NF " fields")
    if ($1 !~ /^\/([A-Za-z0-9_.-]+\/)*([A-Za-z0-9_.-]+|<[a-z_]+>)?$/) die("PATH " $1 ": /exact/path or /prefix/<segment>")
    if ($1 in seen) die("PATH " $1 " is listed twice")
    if ($2 !~ /^[a-z][a-z0-9_]*$/) die("PROGRAM " $2 ": lower-case letters, digits and _")
    if ($3 !~ /^(GET|HEAD|POST)(,(GET|HEAD|POST))*$/) die("METHODS " $3 ": GET, HEAD or POST, joined by commas")
    if ($4 !~ /^[a-z-]+(,[a-z-]+)*$/) die("SNIPPETS " $4 ": snippet names joined by commas")
    if (($2 in methods) && methods[$2] != $3) die("PROGRAM " $2 " answers " methods[$2] " on an earlier line")
    if (!($2 in methods)) order[++programs_count] = $2
    methods[$2] = $3
    seen[$1] = 1
    if (index("," $4 ",", "," snippet ",")) {
        paths[++routes_count] = $1
        program_of[routes_count] = $2
    }
    next
}

$0 == "@ROUTES@" {
    for (i = 1; i <= routes_count; i++) location(paths[i], program_of[i])
    marked = 1
    next
}

{ print }

END {
    if (failed) exit 1
    if (programs) {
        for (i = 1; i <= programs_count; i++) printf "%s%s", order[i], (i < programs_count ? " " : "\n")
        exit 0
    }
    if (!marked) {
        print FILENAME ": no @ROUTES@ line to put the routes at" > "/dev/stderr"
        exit 1
    }
    if (!routes_count) {
        print ARGV[1] ": no route for the snippet " snippet > "/dev/stderr"
        exit 1
    }
}
