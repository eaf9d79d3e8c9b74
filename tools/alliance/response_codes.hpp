// What a CSV field means is the table layer's rule (alliance/table/cells.hpp), shared with the
// Python and R packages; the command line uses it under its own namespace.
#pragma once

#include <alliance/table/cells.hpp>

namespace alliance::cli {

using table::quote_list;
using table::read_response;
using table::response_codes;
using table::response_reader;
using table::split_list;
using table::to_response;
using table::trim;
using table::unreadable_cell_message;

}  // namespace alliance::cli
