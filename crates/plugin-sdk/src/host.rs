//! The host's half of the ABI: loads a plugin library, checks that it is one and that it
//! speaks this ABI version, and wraps it as an [`Extractor`]. Every refusal says what was
//! expected and what was found.

use std::ffi::c_void;
use std::path::{Path, PathBuf};

use libloading::Library;
use quarry_core::{Document, ExtractError, Extractor, Fact, Options};
use serde_json::Value;

use crate::wire;
use crate::{Buffer, PluginApi, ABI_VERSION, ENTRY_SYMBOL};

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("plugin library {0} does not exist; build the plugin or fix the path")]
    Missing(PathBuf),
    #[error("cannot load {path} as a shared library: {reason}")]
    NotALibrary { path: PathBuf, reason: String },
    #[error("{path} is not a quarry plugin: it exports no `{ENTRY_SYMBOL}` symbol (plugins are built with quarry_plugin_sdk::export_plugin!)")]
    NotAPlugin { path: PathBuf },
    #[error("{path} was built for plugin ABI version {found}, this quarry speaks version {ABI_VERSION}: rebuild the plugin against quarry-plugin-sdk with ABI {ABI_VERSION}")]
    AbiMismatch { path: PathBuf, found: u32 },
    #[error("{path}: {message}")]
    BadPlugin { path: PathBuf, message: String },
}

/// A loaded, checked plugin instance.
pub struct LoadedPlugin {
    pub name: String,
    pub kinds: Vec<String>,
    pub version: String,
    pub extractor: Box<dyn Extractor>,
}

/// Loads the plugin at `path` and builds an instance with `options`.
pub fn load(path: &Path, options: &Options) -> Result<LoadedPlugin, LoadError> {
    if !path.exists() {
        return Err(LoadError::Missing(path.to_owned()));
    }
    // SAFETY: loading a library runs its initializers; a plugin is trusted code the user
    // named in the pipeline file, as any program they run.
    let library = unsafe { Library::new(path) }.map_err(|e| LoadError::NotALibrary {
        path: path.to_owned(),
        reason: e.to_string(),
    })?;
    // SAFETY: the symbol's type is fixed by the ABI; only its first field is read before
    // the version check.
    let api: *const PluginApi = unsafe {
        let entry = library
            .get::<extern "C" fn() -> *const PluginApi>(ENTRY_SYMBOL.as_bytes())
            .map_err(|_| LoadError::NotAPlugin {
                path: path.to_owned(),
            })?;
        entry()
    };
    let bad = |message: String| LoadError::BadPlugin {
        path: path.to_owned(),
        message,
    };
    if api.is_null() {
        return Err(bad("its entry point returned no API table".into()));
    }
    // SAFETY: every ABI version starts the table with the version number.
    let found = unsafe { (*api).abi_version };
    if found != ABI_VERSION {
        return Err(LoadError::AbiMismatch {
            path: path.to_owned(),
            found,
        });
    }
    // SAFETY: the version matches, so the table has this layout.
    let api_ref = unsafe { &*api };
    let description = take_json(api_ref, (api_ref.describe)()).map_err(bad)?;
    let name = description["name"].as_str().filter(|n| !n.is_empty());
    let kinds: Option<Vec<String>> = description["kinds"].as_array().and_then(|kinds| {
        kinds
            .iter()
            .map(|k| k.as_str().filter(|k| !k.is_empty()).map(str::to_owned))
            .collect()
    });
    let (Some(name), Some(kinds)) = (name, kinds.filter(|k| !k.is_empty())) else {
        return Err(bad(format!(
            "its description must name the plugin and its fact kinds, e.g. {{\"name\": \"ranks\", \"kinds\": [\"rank\"]}}; found {description}"
        )));
    };
    let version = description["version"].as_str().unwrap_or("").to_owned();
    let options_json = serde_json::to_vec(options).map_err(|e| bad(format!("options: {e}")))?;
    let mut error = Buffer::empty();
    // SAFETY: the pointers describe `options_json` and a writable buffer.
    let instance =
        unsafe { (api_ref.create)(options_json.as_ptr(), options_json.len(), &mut error) };
    if instance.is_null() {
        // SAFETY: on failure the plugin filled `error` with its own buffer.
        let message = unsafe {
            match error.checked_slice() {
                Ok(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                Err(e) => format!("its error message is unreadable ({e})"),
            }
        };
        unsafe { (api_ref.free_buffer)(error) };
        return Err(bad(format!(
            "plugin \"{name}\" refused its [stage.options]: {message}"
        )));
    }
    Ok(LoadedPlugin {
        name: name.to_owned(),
        kinds: kinds.clone(),
        version,
        extractor: Box::new(PluginInstance {
            api,
            instance,
            kinds,
            _library: library,
        }),
    })
}

/// Parses a buffer the plugin returned and hands it back for freeing.
fn take_json(api: &PluginApi, buffer: Buffer) -> Result<Value, String> {
    // SAFETY: the plugin returned this buffer; it is freed right after being read.
    let parsed = unsafe { buffer.checked_slice().map(serde_json::from_slice) };
    unsafe { (api.free_buffer)(buffer) };
    match parsed {
        Ok(parsed) => parsed.map_err(|e| format!("its description is not JSON: {e}")),
        Err(e) => Err(format!("its description is unreadable: {e}")),
    }
}

struct PluginInstance {
    api: *const PluginApi,
    instance: *mut c_void,
    kinds: Vec<String>,
    /// Dropped last: the library must outlive the instance and the table.
    _library: Library,
}

// SAFETY: plugin instances are `Extractor`s (`Send + Sync`) on the plugin side; the host
// only calls their thread-safe entry points.
unsafe impl Send for PluginInstance {}
unsafe impl Sync for PluginInstance {}

impl Extractor for PluginInstance {
    fn extract(&self, doc: &Document, earlier: &[Fact]) -> Result<Vec<Fact>, ExtractError> {
        let request = wire::encode_document(doc, earlier);
        // SAFETY: the table was checked at load time and the library is still loaded.
        let api = unsafe { &*self.api };
        let reply = unsafe {
            let buffer = (api.extract)(self.instance, request.as_ptr(), request.len());
            let reply = buffer.checked_slice().and_then(wire::decode_reply);
            (api.free_buffer)(buffer);
            reply
        };
        let reply =
            reply.map_err(|e| ExtractError(format!("plugin returned a malformed reply: {e}")))?;
        let facts = reply.into_facts().map_err(ExtractError)?;
        if let Some(fact) = facts
            .iter()
            .find(|f| !self.kinds.iter().any(|k| *k == f.kind))
        {
            return Err(ExtractError(format!(
                "plugin returned a fact of kind \"{}\" but declared only {:?}",
                fact.kind, self.kinds
            )));
        }
        Ok(facts)
    }
}

impl Drop for PluginInstance {
    fn drop(&mut self) {
        // SAFETY: the instance came from this table's `create` and is destroyed once.
        unsafe { ((*self.api).destroy)(self.instance) };
    }
}
