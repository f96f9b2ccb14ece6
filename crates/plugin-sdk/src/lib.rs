//! The boundary between quarry and compiled plugins (shared libraries loaded at run time).
//!
//! Rust's own ABI changes between compiler versions, so nothing Rust-shaped crosses the
//! boundary: a plugin exports one C function, `quarry_plugin_entry`, that returns a
//! [`PluginApi`] table of C functions whose first field is the ABI version. Documents,
//! options and facts cross as UTF-8 JSON in [`Buffer`]s, and each side frees only what it
//! allocated (the host hands buffers back through `free_buffer`).
//!
//! A plugin author writes an ordinary [`quarry_core::Extractor`] and one line of
//! [`export_plugin!`]; the host side (feature `host`) is [`host::load`]. Panics never cross
//! the boundary: the plugin side catches them and reports them as the document's error.

#[cfg(feature = "host")]
pub mod host;
#[doc(hidden)]
pub mod plugin_side;
pub mod wire;

/// The linguistic layer the built-in stages read (tokens, sentences, number phrases,
/// chunks, quotation spans), for a plugin to compute on its side of the boundary:
/// `text::Analysis::of_document(doc)`. Sending it across as JSON would cost more than
/// making it again.
pub use quarry_text as text;

use std::ffi::c_void;

/// Bumped whenever [`PluginApi`] or the wire format changes incompatibly.
pub const ABI_VERSION: u32 = 1;

/// The symbol every plugin exports (`extern "C" fn() -> *const PluginApi`).
pub const ENTRY_SYMBOL: &str = "quarry_plugin_entry";

/// Bytes owned by the side that allocated them; the other side only reads them and hands
/// them back to the owner's `free_buffer`.
#[repr(C)]
pub struct Buffer {
    pub ptr: *mut u8,
    pub len: usize,
    pub cap: usize,
}

impl Buffer {
    pub fn from_vec(bytes: Vec<u8>) -> Buffer {
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        Buffer {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
            cap: bytes.capacity(),
        }
    }

    pub fn empty() -> Buffer {
        Buffer::from_vec(Vec::new())
    }

    /// # Safety
    /// The buffer must come from [`Buffer::from_vec`] in this same library and not have
    /// been freed.
    pub unsafe fn into_vec(self) -> Vec<u8> {
        Vec::from_raw_parts(self.ptr, self.len, self.cap)
    }

    /// # Safety
    /// `ptr`/`len` must describe live memory (any allocator).
    pub unsafe fn as_slice(&self) -> &[u8] {
        if self.len == 0 {
            &[]
        } else {
            std::slice::from_raw_parts(self.ptr, self.len)
        }
    }
}

/// The table a plugin exports. Only `abi_version` may be read before it has been checked.
#[repr(C)]
pub struct PluginApi {
    pub abi_version: u32,
    /// `{"name": "…", "kinds": ["…"], "version": "…"}`.
    pub describe: extern "C" fn() -> Buffer,
    /// Builds an instance from the stage options (a JSON object). Returns null and fills
    /// `error` with a UTF-8 message when the options are unusable.
    pub create:
        unsafe extern "C" fn(options: *const u8, len: usize, error: *mut Buffer) -> *mut c_void,
    /// Runs the instance on a document (see [`wire`]); returns the reply JSON.
    pub extract:
        unsafe extern "C" fn(instance: *mut c_void, document: *const u8, len: usize) -> Buffer,
    pub destroy: unsafe extern "C" fn(instance: *mut c_void),
    /// Frees a buffer this plugin returned.
    pub free_buffer: unsafe extern "C" fn(buffer: Buffer),
}

/// Exports an extractor as a quarry plugin. `build` turns the stage options into the
/// extractor (or says what is wrong with them).
///
/// ```ignore
/// quarry_plugin_sdk::export_plugin!(
///     name: "ranks",
///     kinds: ["rank"],
///     build: |_options: &quarry_core::Options| Ok(RanksExtractor)
/// );
/// ```
#[macro_export]
macro_rules! export_plugin {
    (name: $name:expr, kinds: [$($kind:expr),* $(,)?], build: $build:expr $(,)?) => {
        extern "C" fn __quarry_describe() -> $crate::Buffer {
            $crate::plugin_side::describe($name, &[$($kind),*], env!("CARGO_PKG_VERSION"))
        }

        unsafe extern "C" fn __quarry_create(
            options: *const u8,
            len: usize,
            error: *mut $crate::Buffer,
        ) -> *mut ::std::ffi::c_void {
            $crate::plugin_side::create(options, len, error, $build)
        }

        static __QUARRY_PLUGIN_API: $crate::PluginApi = $crate::PluginApi {
            abi_version: $crate::ABI_VERSION,
            describe: __quarry_describe,
            create: __quarry_create,
            extract: $crate::plugin_side::extract,
            destroy: $crate::plugin_side::destroy,
            free_buffer: $crate::plugin_side::free_buffer,
        };

        #[no_mangle]
        pub extern "C" fn quarry_plugin_entry() -> *const $crate::PluginApi {
            &__QUARRY_PLUGIN_API
        }
    };
}
