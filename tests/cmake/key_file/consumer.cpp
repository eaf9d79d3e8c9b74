// A program that needs alliance::key_file (nlohmann/json) and not Boost.Math: a built-in key
// exported as a key file and read back keeps its 12 WAI-SR items (Hatcher & Gillaspy 2006).
#include <alliance/catalogue.hpp>  // key_file.hpp includes only what key files need
#include <alliance/key_file.hpp>

int main() {
    using namespace alliance;
    const catalogue_entry* entry = find_instrument("wai-sr");
    if (entry == nullptr) return 1;
    const key_file loaded = parse_key_file(to_key_file_json(*entry), "wai-sr.json");
    return loaded.instrument().item_count() == 12 ? 0 : 2;
}
