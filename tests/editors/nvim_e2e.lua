-- Driven by tests/editors/test_nvim.py in a real headless Neovim started with the README's init.lua and the
-- smelly file.  Env: GTS_LINE_A, GTS_LINE_B (0-based), GTS_EXPECTED (the fix-all result), GTS_MODE ("push"
-- as configured, or "auto" to show why push is configured).  Every wait is vim.wait on a condition.
local function log(msg)
  io.stderr:write("[nvim-e2e] " .. msg .. "\n")
end
local function fail(msg)
  io.stderr:write("NVIM-E2E FAILED: " .. msg .. "\n")
  vim.cmd("cquit 1")
end
local function wait(ms, pred, what)
  if not vim.wait(ms, pred, 20) then
    fail("timed out after " .. ms .. " ms waiting for " .. what)
  end
end
local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local ok, err = xpcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(buf)
  local line_a = tonumber(os.getenv("GTS_LINE_A"))
  local line_b = tonumber(os.getenv("GTS_LINE_B"))
  local original = read(file)
  if vim.bo[buf].filetype ~= "go" then
    fail("filetype is " .. vim.bo[buf].filetype .. ", not go")
  end

  wait(30000, function()
    return #vim.lsp.get_clients({ bufnr = buf, name = "gotestsmells" }) > 0
  end, "the gotestsmells client to attach")
  local client = vim.lsp.get_clients({ bufnr = buf, name = "gotestsmells" })[1]
  wait(30000, function()
    return client.initialized
  end, "the server to initialize")
  log("attached: " .. table.concat(client.config.cmd, " "))

  local function hab(code)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == code then
        table.insert(out, d)
      end
    end
    table.sort(out, function(a, b)
      return a.lnum < b.lnum
    end)
    return out
  end

  -- 1. Diagnostics, each exactly once.
  wait(30000, function()
    return #hab("HAB004") >= 2
  end, "two HAB004 diagnostics")
  -- A pulled copy would arrive right after the pushed one: make sure nothing more comes.
  local doubled = vim.wait(1500, function()
    return #hab("HAB004") > 2
  end, 20)
  local ds = hab("HAB004")
  local summary = {}
  for _, d in ipairs(ds) do
    table.insert(summary, string.format("%d:%d %s %s", d.lnum, d.col, d.source, d.message))
  end
  log("diagnostics: " .. table.concat(summary, " | "))
  if os.getenv("GTS_MODE") == "auto" then
    -- Reported, not checked: tells whether this Neovim would show pulled and pushed copies both.
    log("auto mode: " .. #ds .. " HAB004 diagnostics (doubled=" .. tostring(doubled) .. ")")
    vim.cmd("qall!")
    return
  end
  if #ds ~= 2 or doubled then
    fail("expected each HAB004 diagnostic once, got " .. #ds)
  end
  if ds[1].lnum ~= line_a or ds[2].lnum ~= line_b or ds[1].source ~= "gotestsmells" then
    fail("diagnostics on the wrong lines or source: " .. table.concat(summary, " | "))
  end

  -- 2. The quick fix through vim.lsp.buf.code_action.
  vim.api.nvim_win_set_cursor(0, { line_a + 1, 5 })
  local offered = {}
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      table.insert(offered, action.title)
      return action.title == "Replace with t.Setenv"
    end,
  })
  wait(15000, function()
    local l = vim.api.nvim_buf_get_lines(buf, line_a, line_a + 1, false)[1]
    return l == '\tt.Setenv("A", "1")'
  end, "the quick fix to rewrite line A")
  log("code actions offered: " .. table.concat(offered, " | "))
  if vim.api.nvim_buf_get_lines(buf, line_b, line_b + 1, false)[1] ~= '\tos.Setenv("B", "2")' then
    fail("the quick fix touched line B")
  end
  if read(file) ~= original then
    fail("the file on disk changed before saving")
  end
  wait(15000, function()
    return #hab("HAB004") == 1
  end, "one HAB004 left after the quick fix")

  -- 3. Save: fix on save applies source.fixAll.gotestsmells before the write.
  vim.cmd("write")
  local expected = read(os.getenv("GTS_EXPECTED"))
  local got = read(file)
  if got ~= expected then
    fail("the saved file is not the fix-all result:\n--- got\n" .. got .. "\n--- expected\n" .. expected)
  end
  if vim.bo[buf].modified then
    fail("the buffer is still modified after :write")
  end
  wait(15000, function()
    return #hab("HAB004") == 0
  end, "no HAB004 left after saving")
  log("all checks passed")
  vim.cmd("qall!")
end, debug.traceback)
if not ok then
  fail(tostring(err))
end
