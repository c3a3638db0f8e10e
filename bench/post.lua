-- wrk script: every request POSTs the same form body with the same cookie (args: BODY COOKIE).
local request_text

function init(args)
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = args[2]}
    request_text = wrk.format("POST", nil, headers, args[1])
end

function request()
    return request_text
end
