//! gotestsmells for Zed: starts `gotestsmells serve` (from `lsp.gotestsmells.binary` in the settings, else
//! from PATH) for Go, asks it for pushed diagnostics only, and passes `lsp.gotestsmells.settings` on.
use zed_extension_api::{self as zed, serde_json, settings::LspSettings};

struct GoTestSmells;

impl zed::Extension for GoTestSmells {
    fn new() -> Self {
        GoTestSmells
    }

    fn language_server_command(
        &mut self,
        id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<zed::Command> {
        let binary = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.binary);
        let path = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("gotestsmells"))
            .ok_or_else(|| {
                "gotestsmells was not found on PATH: install it with `pipx install gotestsmells`, \
                 or set lsp.gotestsmells.binary.path"
                    .to_string()
            })?;
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["serve".to_string()]);
        Ok(zed::Command { command: path, args, env: worktree.shell_env() })
    }

    fn language_server_initialization_options(
        &mut self,
        id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.settings)
            .unwrap_or_else(|| serde_json::json!({}));
        let mut section = settings.get("gotestsmells").cloned().unwrap_or(settings);
        if let Some(obj) = section.as_object_mut() {
            // Zed can pull diagnostics too: push only, so each smell shows once.
            obj.entry("diagnosticMode").or_insert(serde_json::json!("push"));
        }
        Ok(Some(serde_json::json!({ "gotestsmells": section })))
    }

    fn language_server_workspace_configuration(
        &mut self,
        id: &zed::LanguageServerId,
        worktree: &zed::Worktree,
    ) -> zed::Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(id.as_ref(), worktree)
            .ok()
            .and_then(|s| s.settings)
            .unwrap_or_else(|| serde_json::json!({}));
        let section = settings.get("gotestsmells").cloned().unwrap_or(settings);
        Ok(Some(serde_json::json!({ "gotestsmells": section })))
    }
}

zed::register_extension!(GoTestSmells);
