-- gotestsmells for Neovim >= 0.11: with editors/nvim on 'runtimepath', `vim.lsp.enable("gotestsmells")`
-- is all it takes.  Change any field with vim.lsp.config("gotestsmells", { ... }), e.g.
--   vim.lsp.config("gotestsmells", { settings = { gotestsmells = { ignore = { "HAB007" } } } })
-- Settings: enable, select, ignore, extend-select, severity, fix-hints (as in gotestsmells.toml).

---@type vim.lsp.Config
return {
  cmd = { "gotestsmells", "serve" },
  filetypes = { "go" },
  root_markers = { "gotestsmells.toml", ".gotestsmells.toml", "go.mod", ".git" },
  init_options = {
    gotestsmells = {
      -- Neovim 0.11 keeps pushed and pulled diagnostics apart: pick one so each shows once.
      diagnosticMode = "push",
    },
  },
  settings = {
    gotestsmells = vim.empty_dict(),
  },
}
