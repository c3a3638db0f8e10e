-- wrk script: each request sets a new password through the next unused reset link, so each
-- one costs one bcrypt hash (args: LINKS_FILE BODY COOKIE THREADS). It counts answers that
-- went on to /login (password set) apart from any other answer (a spent or missing link).
local threads = {}

function setup(thread)
    thread:set("first", #threads + 1)
    table.insert(threads, thread)
end

local tokens, position, step, body, headers = {}, 1, 1, "", {}

function init(args)
    for line in io.lines(args[1]) do
        tokens[#tokens + 1] = line
    end
    body = args[2]
    headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = args[3]}
    step = tonumber(args[4])
    position = first
    set, other = 0, 0
end

function request()
    local token = tokens[position] or "no-link-left"
    position = position + step
    return wrk.format("POST", "/reset_password/" .. token, headers, body)
end

function response(status, response_headers)
    if status == 302 and response_headers["Location"] == "/login" then
        set = set + 1
    else
        other = other + 1
    end
end

function done()
    local total_set, total_other = 0, 0
    for _, thread in ipairs(threads) do
        total_set = total_set + thread:get("set")
        total_other = total_other + thread:get("other")
    end
    io.write(string.format("passwords set: %d, other answers: %d\n", total_set, total_other))
end
