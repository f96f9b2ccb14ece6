//! A test plugin that claims an ABI version this quarry does not speak: the host must
//! refuse it by reading only the version field.

use quarry_plugin_sdk::PluginApi;

#[repr(C)]
struct FutureApi {
    abi_version: u32,
}

static FUTURE_API: FutureApi = FutureApi { abi_version: 999 };

#[no_mangle]
pub extern "C" fn quarry_plugin_entry() -> *const PluginApi {
    (&FUTURE_API as *const FutureApi).cast()
}
