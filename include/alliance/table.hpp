// The table layer: the rules about a table's rows and cells that every front-end (the command
// line, the Python and R packages) shares, so each of them only converts. Core tier (no Boost);
// the statistics requests (change, compare, split, reliability) need Boost.Math and come with
// alliance/alliance.hpp.
#pragma once

#include "alliance/table/block.hpp"
#include "alliance/table/cells.hpp"
#include "alliance/table/column_type.hpp"
#include "alliance/table/columns.hpp"
#include "alliance/table/grouping.hpp"
#include "alliance/table/option_checks.hpp"
#include "alliance/table/output_columns.hpp"
#include "alliance/table/catalogue_lookup.hpp"
#include "alliance/table/pairing.hpp"
#include "alliance/table/response_list.hpp"
#include "alliance/table/row_naming.hpp"
#include "alliance/table/score_table.hpp"
#include "alliance/table/spelling.hpp"
#include "alliance/table/threads.hpp"
#include "alliance/table/track.hpp"
