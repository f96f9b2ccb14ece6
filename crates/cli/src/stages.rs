//! Loads the pipeline stages that are not built-ins: Lua rule scripts through quarry-lua,
//! compiled plugins through the plugin SDK's loader, in this process or, for an isolated
//! stage, in worker processes ([`crate::isolate`]).

use std::path::Path;

use quarry_core::{Isolation, LoadedStage, Options, StageLoader, StageSpec};
use quarry_plugin_sdk::{host, ABI_VERSION};

use crate::isolate;

pub struct Loader {
    /// `--isolate`: every non-built-in stage runs in worker processes, with the default
    /// limits where the pipeline file sets none.
    isolate_all: bool,
}

impl Loader {
    pub fn in_process() -> Loader {
        Loader { isolate_all: false }
    }

    pub fn isolating_all() -> Loader {
        Loader { isolate_all: true }
    }
}

impl StageLoader for Loader {
    fn load(
        &self,
        spec: &StageSpec,
        path: &Path,
        options: &Options,
        isolation: Option<Isolation>,
    ) -> Result<LoadedStage, String> {
        let isolation = isolation.or(self.isolate_all.then(Isolation::default));
        if let Some(isolation) = isolation {
            return isolate::load(spec, path, options, isolation);
        }
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
