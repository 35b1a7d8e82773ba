-- gotestsmells helpers for Neovim >= 0.11.
--
--   require("gotestsmells").setup({ fix_on_save = true })
--
-- enables the server (lsp/gotestsmells.lua, as vim.lsp.enable("gotestsmells") does) and, with
-- fix_on_save, applies `source.fixAll.gotestsmells` synchronously on BufWritePre, so the file written is
-- the fixed one.  Options:
--   enable       (default true)  call vim.lsp.enable("gotestsmells")
--   fix_on_save  (default false) run fix-all before each write of a buffer gotestsmells is attached to
--   timeout_ms   (default 3000)  how long a save waits for the server's fixes
--   config       (default nil)   a table passed to vim.lsp.config("gotestsmells", ...) (cmd, settings, ...)
local M = {}

M.FIX_ALL = "source.fixAll.gotestsmells"
M.NAME = "gotestsmells"

local function notify(msg, level)
  vim.notify("gotestsmells: " .. msg, level or vim.log.levels.WARN)
end

local function is_fix_all(kind)
  return kind == M.FIX_ALL or (type(kind) == "string" and vim.startswith(kind, M.FIX_ALL .. "."))
end

--- Apply every safe gotestsmells fix in `bufnr` now (synchronously).  Returns true when fixes were applied.
---@param bufnr integer|nil
---@param timeout_ms integer|nil
---@return boolean
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  timeout_ms = timeout_ms or 3000
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = M.NAME })[1]
  if not client then
    return false
  end
  local enc = client.offset_encoding or "utf-16"
  local n = vim.api.nvim_buf_line_count(bufnr)
  local last = vim.api.nvim_buf_get_lines(bufnr, n - 1, n, false)[1] or ""
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = {
      start = { line = 0, character = 0 },
      ["end"] = { line = n - 1, character = vim.str_utfindex(last, enc) },
    },
    context = { only = { M.FIX_ALL }, diagnostics = {}, triggerKind = 1 },
  }
  local resp, err = client:request_sync("textDocument/codeAction", params, timeout_ms, bufnr)
  if not resp then
    notify("fix on save: " .. tostring(err or "no answer"))
    return false
  end
  if resp.err then
    notify("fix on save: " .. tostring(resp.err.message or resp.err))
    return false
  end
  local applied = false
  for _, action in ipairs(resp.result or {}) do
    if is_fix_all(action.kind) then
      if not action.edit and client:supports_method("codeAction/resolve") then
        local r = client:request_sync("codeAction/resolve", action, timeout_ms, bufnr)
        if r and not r.err and r.result then
          action = r.result
        end
      end
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, enc)
        applied = true
      end
    end
  end
  return applied
end

local augroup = vim.api.nvim_create_augroup("gotestsmells_fix_on_save", { clear = true })

---@param opts {enable?: boolean, fix_on_save?: boolean, timeout_ms?: integer, config?: table}|nil
function M.setup(opts)
  opts = opts or {}
  if opts.config then
    vim.lsp.config(M.NAME, opts.config)
  end
  if opts.enable ~= false then
    vim.lsp.enable(M.NAME)
  end
  vim.api.nvim_clear_autocmds({ group = augroup })
  if opts.fix_on_save then
    vim.api.nvim_create_autocmd("BufWritePre", {
      group = augroup,
      pattern = "*.go",
      desc = "gotestsmells: apply source.fixAll.gotestsmells before writing",
      callback = function(args)
        M.fix_all(args.buf, opts.timeout_ms)
      end,
    })
  end
end

return M
