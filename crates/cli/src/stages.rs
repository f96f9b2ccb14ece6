//! Loads the pipeline stages that are not built-ins: compiled plugins through the plugin
//! SDK's loader. Lua stages are refused until the Lua stage exists.

use std::path::Path;

use quarry_core::{LoadedStage, Options, StageLoader, StageSpec};
use quarry_plugin_sdk::{host, ABI_VERSION};

pub struct Loader;

impl StageLoader for Loader {
    fn load(
        &self,
        spec: &StageSpec,
        path: &Path,
        options: &Options,
    ) -> Result<LoadedStage, String> {
        match spec {
            StageSpec::Dylib(_) => {
                let plugin = host::load(path, options).map_err(|e| e.to_string())?;
                Ok(LoadedStage {
                    origin: format!(
                        "compiled plugin {} (ABI {ABI_VERSION}, version {}, kinds: {})",
                        path.display(),
                        plugin.version,
                        plugin.kinds.join(",")
                    ),
                    name: plugin.name,
                    extractor: plugin.extractor,
                })
            }
            StageSpec::Lua(_) => Err(format!(
                "Lua stages are not supported yet ({}); remove the stage or use a built-in plugin",
                path.display()
            )),
            StageSpec::Plugin(name) => Err(format!("\"{name}\" is a built-in, not a file")),
        }
    }
}
