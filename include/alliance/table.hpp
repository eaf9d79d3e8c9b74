// The table layer: the rules about a table's rows and cells that every front-end (the command
// line, the Python and R packages) shares, so each of them only converts. Core tier (no Boost).
#pragma once

#include "alliance/table/pairing.hpp"
