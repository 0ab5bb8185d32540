-- wrk: GET /sessions/whoami with the session tokens in TOKENS_FILE (one per line) in rotation, in X-Session-Token.
-- Usage: wrk -s whoami.lua http://127.0.0.1:PORT -- TOKENS_FILE
local tokens, i = {}, 0
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  i = math.random(#tokens)
end
function request()
  i = i % #tokens + 1
  return wrk.format("GET", "/sessions/whoami", { ["X-Session-Token"] = tokens[i], ["Accept"] = "application/json" })
end
