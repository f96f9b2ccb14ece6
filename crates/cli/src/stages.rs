//! Loads the pipeline stages that are not built-ins: Lua rule scripts through quarry-lua,
//! compiled plugins through the plugin SDK's loader.

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
            StageSpec::Lua(_) => {
                let stage = quarry_lua::load(path, options).map_err(|e| e.to_string())?;
                Ok(LoadedStage {
                    origin: format!(
                        "Lua script {} (kinds: {})",
                        path.display(),
                        stage.kinds().join(",")
                    ),
                    name: stage.name().to_owned(),
                    extractor: Box::new(stage),
                })
            }
            StageSpec::Plugin(name) => Err(format!("\"{name}\" is a built-in, not a file")),
        }
    }
}
