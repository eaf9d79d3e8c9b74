// The R package's only file that calls the C++ library. Every rule (keys, reverse keying,
// missing-item rules, validation, statistics, messages) lives in include/alliance; this file
// converts R vectors to library types and results back to R vectors, nothing else. When a
// public name of the library changes, this is the one file to edit.
//
// The few pieces written here rather than called (the library has no public function for them;
// the command-line tool has its own copies in tools/alliance/, which a binding must not use);
// the notes of partial rows and the messages of error rows are the table layer's
// (alliance/table/score_table.hpp):
//   - format_value(): shortest round-trip text of a double (the library's is in detail::).
#include <Rcpp.h>
#include <R_ext/Altrep.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <deque>
#include <exception>
#include <memory>
#include <limits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include <alliance/table/columns.hpp>
#include <alliance/batch.hpp>
#include <alliance/define_instrument.hpp>
#include <alliance/response_labels.hpp>
#include <alliance/catalogue.hpp>
#include <alliance/explain.hpp>
#include <alliance/key_file.hpp>
#include <alliance/key_file_writer.hpp>
#include <alliance/runtime_instrument.hpp>
#include <alliance/score.hpp>
#include <alliance/stats/agreement.hpp>
#include <alliance/stats/critical_value.hpp>
#include <alliance/stats/clinical_significance.hpp>
#include <alliance/stats/item_matrix.hpp>
#include <alliance/stats/norm.hpp>
#include <alliance/stats/reliability.hpp>
#include <alliance/stats/reliable_change.hpp>
#include <alliance/stats/single_case.hpp>
#include <alliance/stats/detail/checks.hpp>
#include <alliance/table.hpp>
#include <alliance/table/catalogue_lookup.hpp>
#include <alliance/table/cells.hpp>
#include <alliance/table/column_type.hpp>
#include <alliance/table/change.hpp>
#include <alliance/table/change_picture.hpp>
#include <alliance/table/compare.hpp>
#include <alliance/table/reliability.hpp>
#include <alliance/table/score_table.hpp>
#include <alliance/table/split.hpp>
#include <alliance/table/track.hpp>
#include <alliance/table/compare_options.hpp>
#include <alliance/table/data_shapes.hpp>
#include <alliance/table/item_spec.hpp>
#include <alliance/table/long_format.hpp>
#include <alliance/table/pictures.hpp>
#include <alliance/tracking.hpp>
#include <alliance/version.hpp>

namespace {

// Ctrl-C (Esc in the R GUI) in a long call: the table layer asks on R's thread
// (alliance/table/interrupt.hpp); Rcpp's check throws, and Rcpp's wrapper of every export
// hands the interrupt back to R.
void r_interrupt() { Rcpp::checkUserInterrupt(); }

}  // namespace

namespace {

using alliance::runtime_instrument;

// The instrument named by the R side (R/alliance.R's instrument_source, from
// .cpp_instrument_source and .cpp_key_source): a built-in id ("id"), or a key's text
// ("key_text": a key file read once and kept as to_key_file_json wrote it, with the file's own
// cut-offs, norms and bands; it parses again at each use, which cannot fail).
runtime_instrument make_instrument(const std::string& kind, const std::string& value) {
    if (kind == "key_text") return alliance::load_key_file_from_string(value, "the loaded key");
    return alliance::table::catalogue_instrument(value);
}

// An instrument's own answer labels as R holds them (below, with the other data shapes).
SEXP labels_value(const alliance::response_labels& labels);

std::string format_value(double x) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
    return std::string(buffer, result.ptr);
}

// bit64's integer64: a double vector whose bits are an int64_t each, NA the smallest int64_t.
bool is_integer64(SEXP x) { return TYPEOF(x) == REALSXP && Rf_inherits(x, "integer64"); }
std::optional<std::int64_t> integer64_at(SEXP x, R_xlen_t i) {
    std::int64_t v;
    std::memcpy(&v, &REAL(x)[i], sizeof v);
    if (v == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
    return v;
}

// One number as R holds it: a plain double or integer of length 1 that is finite (not NA, NaN or
// Inf, which would pass a check's comparisons unseen, as option_checks.hpp's checked_finite
// says), or an integer64 that a double holds exactly. A factor (its level code), a date or any
// other classed value is no number: reading it as one would be a silent coercion.
std::optional<double> one_number(SEXP value) {
    if (Rf_xlength(value) != 1) return std::nullopt;
    if (is_integer64(value)) {
        const auto v = integer64_at(value, 0);
        constexpr std::int64_t exact = std::int64_t{1} << 53;
        if (!v || *v > exact || *v < -exact) return std::nullopt;
        return static_cast<double>(*v);
    }
    if (OBJECT(value)) return std::nullopt;
    if (TYPEOF(value) == INTSXP && INTEGER(value)[0] != NA_INTEGER) return INTEGER(value)[0];
    if (TYPEOF(value) == REALSXP && std::isfinite(REAL(value)[0])) return REAL(value)[0];
    return std::nullopt;
}

std::string rule_text(const alliance::missing_rule& rule, int items) { return alliance::describe(rule, items); }

// Cell kinds the R side sends beside the numbers (R reads codes and text; the library validates).
constexpr int kind_value = 0, kind_missing = 1, kind_not_applicable = 2, kind_unreadable = 3;

alliance::response to_response(double value, int kind) {
    // An unreadable cell is reported by the caller; for check() it counts as unanswered.
    if (kind == kind_missing || kind == kind_unreadable) return alliance::missing;
    if (kind == kind_not_applicable) return alliance::not_applicable;
    if (kind == kind_value && R_IsNA(value)) return alliance::missing;
    return value;  // NaN and +-Inf stay numbers: the library reports them as not finite
}

// An error of the library as an R condition of the package's class for its C++ class
// (alliance_input_error for a request's options, as the R side's own argument checks;
// alliance_library_error otherwise, the message starting with "[id] "), with the id in `$id`.
// The R side's signal_error signals it; Rcpp calls R with unwinding protected, so the C++ frames
// are left normally.
[[noreturn]] void signal_error(const alliance::error& e) {
    const bool option = e.from_request();  // the caller's request, as an argument of R's
    const std::string message = option ? e.message() : e.what();
    const Rcpp::Environment package = Rcpp::Environment::namespace_env("alliance");
    const Rcpp::Function signal = package["signal_error"];
    signal(message, option ? "alliance_input_error" : "alliance_library_error", e.id());
    Rcpp::stop(message);  // not reached: signal_error always signals
}

template <class F>
auto guarded(F&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const alliance::error& e) {
        signal_error(e);
    }
}

}  // namespace

// The columns `names` among the data's column names `header`: their positions (from 1), or the
// table layer's message naming every absent or repeated one (alliance/table/columns.hpp), with
// `hint` for the names from hint_from (from 0) on.
// [[Rcpp::export(.cpp_locate_columns)]]
Rcpp::IntegerVector cpp_locate_columns(std::vector<std::string> header, std::vector<std::string> names,
                                       std::string hint, int hint_from) {
    return guarded([&] {
        const std::vector<std::size_t> at = alliance::table::locate_columns(std::span<const std::string>(header),
                                                               std::span<const std::string>(names), hint,
                                                               static_cast<std::size_t>(hint_from));
        Rcpp::IntegerVector out(static_cast<R_xlen_t>(at.size()));
        for (std::size_t i = 0; i < at.size(); ++i) out[static_cast<R_xlen_t>(i)] = static_cast<int>(at[i]) + 1;
        return out;
    });
}

// The catalogue: one row per built-in instrument.
// [[Rcpp::export(.cpp_catalogue)]]
Rcpp::List cpp_catalogue() {
    const auto entries = alliance::catalogue();
    const auto n = static_cast<R_xlen_t>(entries.size());
    Rcpp::CharacterVector id(n), name(n), form(n), response_scale(n), scales(n), citation(n);
    Rcpp::IntegerVector items(n);
    for (R_xlen_t i = 0; i < n; ++i) {
        const alliance::instrument_view& view = entries[static_cast<std::size_t>(i)].definition;
        id[i] = std::string(view.about.id);
        name[i] = std::string(view.about.name);
        form[i] = std::string(alliance::to_string(view.about.form));
        items[i] = static_cast<int>(view.item_count);
        response_scale[i] = alliance::describe(view.response_format);
        std::string names;
        for (const auto& scale : view.scales) names += (names.empty() ? "" : ", ") + std::string(scale.name);
        scales[i] = names;
        citation[i] = std::string(view.about.citation);
    }
    return Rcpp::List::create(Rcpp::_["id"] = id, Rcpp::_["name"] = name, Rcpp::_["form"] = form,
                              Rcpp::_["items"] = items, Rcpp::_["response_scale"] = response_scale,
                              Rcpp::_["scales"] = scales, Rcpp::_["citation"] = citation);
}

// One instrument's definition as plain R data.
// [[Rcpp::export(.cpp_instrument)]]
Rcpp::List cpp_instrument(std::string kind, std::string value) {
    return guarded([&] {
        const runtime_instrument instrument = make_instrument(kind, value);
        const alliance::instrument_view& view = instrument.view();
        const auto n = static_cast<R_xlen_t>(view.scales.size());
        Rcpp::CharacterVector scale_name(n), column(n), role(n), metric(n), rule(n), rule_source(n);
        Rcpp::List scale_items(n);
        for (R_xlen_t s = 0; s < n; ++s) {
            const alliance::scale_entry& entry = view.scales[static_cast<std::size_t>(s)];
            scale_name[s] = std::string(entry.name);
            column[s] = alliance::column_stem(entry.name);
            role[s] = entry.role == alliance::scale_role::total ? "total" : "subscale";
            metric[s] = std::string(alliance::to_string(entry.metric));
            rule[s] = rule_text(entry.missing, static_cast<int>(entry.count));
            rule_source[s] = std::string(entry.missing.source);
            const auto items = view.items_of(entry);
            scale_items[s] = Rcpp::IntegerVector(items.begin(), items.end());
        }
        Rcpp::List scales = Rcpp::List::create(Rcpp::_["name"] = scale_name, Rcpp::_["column"] = column,
                                               Rcpp::_["role"] = role, Rcpp::_["metric"] = metric,
                                               Rcpp::_["items"] = scale_items, Rcpp::_["missing_rule"] = rule,
                                               Rcpp::_["missing_rule_source"] = rule_source);
        const auto& scale = view.response_format;
        return Rcpp::List::create(
            Rcpp::_["id"] = std::string(view.about.id), Rcpp::_["name"] = std::string(view.about.name),
            Rcpp::_["form"] = std::string(alliance::to_string(view.about.form)),
            Rcpp::_["items"] = static_cast<int>(view.item_count), Rcpp::_["scales"] = scales,
            Rcpp::_["reversed"] = Rcpp::IntegerVector(view.reversed.begin(), view.reversed.end()),
            Rcpp::_["response_scale"] = Rcpp::List::create(
                Rcpp::_["type"] = scale.type == alliance::scale_type::likert ? "likert" : "analogue",
                Rcpp::_["min"] = scale.min, Rcpp::_["max"] = scale.max, Rcpp::_["resolution"] = scale.resolution,
                Rcpp::_["not_applicable"] = scale.allows_not_applicable,
                Rcpp::_["description"] = alliance::describe(scale)),
            Rcpp::_["citation"] = std::string(view.about.citation),
            Rcpp::_["licence"] = std::string(view.about.licence),
            Rcpp::_["verification"] = std::string(view.about.verification),
            Rcpp::_["item_columns"] =
                std::vector<std::string>(instrument.item_columns().begin(), instrument.item_columns().end()),
            Rcpp::_["labels"] = labels_value(instrument.labels()));
    });
}

namespace {

// The item columns as R holds them, read in place (no copy of a million-row data.frame):
// `columns` holds, per item, an integer or double vector, or a character vector (read here, each
// distinct text once, by the library's rule of what a cell means: alliance/table/cells.hpp, with
// `codes`; into memory of this object, so R's collector never runs for it); `kinds` per item NULL
// (every cell a number or R's NA) or the cell kinds the R side worked out from codes; `texts` per
// item NULL or the original text of the cells R could not read; `declared` per item the values
// its column declares missing (a haven_labelled_spss column's, alliance/table/data_shapes.hpp),
// or nothing for every item. A text is read with item i + 1's labels (codes.labels).
class item_cells {
public:
    item_cells(const Rcpp::List& columns, const Rcpp::List& kinds, const Rcpp::List& texts, std::size_t rows,
               const alliance::table::response_codes& codes,
               const std::vector<alliance::table::user_missing>& declared = {}) {
        const alliance::table::number_codes numbers(codes);
        const alliance::table::user_missing none;
        for (R_xlen_t i = 0; i < columns.size(); ++i) {
            const alliance::table::user_missing& own = declared.empty() ? none : declared[static_cast<std::size_t>(i)];
            const SEXP column = columns[i];
            if (static_cast<std::size_t>(Rf_xlength(column)) != rows)
                Rcpp::stop("internal: item column " + std::to_string(i + 1) + " has the wrong length");
            ints_.push_back(TYPEOF(column) == INTSXP ? INTEGER(column) : nullptr);
            doubles_.push_back(TYPEOF(column) == REALSXP ? REAL(column) : nullptr);
            const SEXP kind = kinds[i];
            kinds_.push_back(Rf_isNull(kind) ? nullptr : INTEGER(kind));
            texts_.push_back(texts[i]);
            coded_.push_back(nullptr);
            tables_.emplace_back();
            if (TYPEOF(column) == STRSXP) read_texts(column, rows, codes, static_cast<std::size_t>(i) + 1, own);
            else if (!ints_.back() && !doubles_.back()) Rcpp::stop("internal: item column is not numeric");
            else if (!kinds_.back() && (!numbers.empty() || !own.empty())) mark_codes(rows, numbers, own);
        }
    }
    [[nodiscard]] std::size_t items() const noexcept { return ints_.size(); }
    [[nodiscard]] alliance::response at(std::size_t r, std::size_t i) const noexcept {
        if (const std::uint8_t* code = coded_[i]) {
            const text_meaning& m = tables_[i][code[r]];
            return to_response(m.value, m.kind);
        }
        if (ints_[i]) {
            const int x = ints_[i][r];
            if (kinds_[i] && kinds_[i][r] != kind_value) return to_response(0, kinds_[i][r]);
            return x == NA_INTEGER ? alliance::missing : alliance::response(x);
        }
        return to_response(doubles_[i][r], kinds_[i] ? kinds_[i][r] : kind_value);
    }
    [[nodiscard]] const int* int_column(std::size_t i) const noexcept { return ints_[i]; }
    [[nodiscard]] const double* double_column(std::size_t i) const noexcept { return doubles_[i]; }
    [[nodiscard]] const int* kind_column(std::size_t i) const noexcept { return kinds_[i]; }
    // A character column of at most 256 distinct texts: per cell an index into its table.
    struct text_meaning {
        double value;
        int kind;
    };
    [[nodiscard]] const std::uint8_t* coded_column(std::size_t i) const noexcept { return coded_[i]; }
    [[nodiscard]] std::span<const text_meaning> table_of(std::size_t i) const noexcept { return tables_[i]; }
    [[nodiscard]] bool unreadable(std::size_t r, std::size_t i) const noexcept {
        if (const std::uint8_t* code = coded_[i]) return tables_[i][code[r]].kind == kind_unreadable;
        return kinds_[i] && kinds_[i][r] == kind_unreadable;
    }
    // What the cell held, for messages: its text, or the number.
    [[nodiscard]] std::string text(std::size_t r, std::size_t i) const {
        if (!Rf_isNull(texts_[i])) {
            const SEXP text = STRING_ELT(texts_[i], static_cast<R_xlen_t>(r));
            if (text != NA_STRING) return CHAR(text);
            if (!ints_[i] && !doubles_[i]) return {};  // R's NA in a text column: missing, no text
        }
        if (ints_[i]) return std::to_string(ints_[i][r]);
        return format_value(doubles_[i][r]);
    }
    void read_row(std::size_t r, std::vector<alliance::response>& record, bool& readable) const {
        readable = true;
        for (std::size_t i = 0; i < ints_.size(); ++i) {
            record[i] = at(r, i);
            readable &= !unreadable(r, i);
        }
    }

private:
    // A character column, read into memory of this object: per cell an index into the table of
    // its distinct texts' meanings (a byte a cell; a column of more than 256 distinct texts, rare
    // in a questionnaire, as numbers and kinds). Its texts stay in R for the messages. `item`
    // (1-based) chooses the labels; a text the column declares missing is missing.
    void read_texts(SEXP column, std::size_t rows, const alliance::table::response_codes& codes, std::size_t item,
                    const alliance::table::user_missing& declared) {
        const auto read = [&](SEXP text) {
            text_meaning m{NA_REAL, kind_missing};  // R's NA is always missing
            if (text == NA_STRING) return m;
            const std::string_view one[] = {std::string_view(CHAR(text), static_cast<std::size_t>(Rf_length(text)))};
            if (declared.contains(one[0])) return m;
            const alliance::table::read_cells cell = alliance::table::read_texts(one, codes, item);
            m.kind = static_cast<int>(cell.kinds[0]);
            // "nan" typed as text is a number that is not finite: an error, as on the command line.
            if (cell.kinds[0] == alliance::table::cell_kind::number) m.value = std::isnan(cell.values[0]) ? R_NaN : cell.values[0];
            return m;
        };
        texts_.back() = column;
        // R keeps one copy of each string, so a text is known by its address.
        std::unordered_map<SEXP, std::size_t> index_of;
        std::vector<text_meaning>& table = tables_.back();
        std::vector<std::uint8_t>& codes_of = owned_codes_.emplace_back(rows);
        SEXP last = nullptr;
        std::size_t last_index = 0;
        for (std::size_t r = 0; r < rows; ++r) {
            const SEXP text = STRING_ELT(column, static_cast<R_xlen_t>(r));
            if (text != last) {
                auto found = index_of.find(text);
                if (found == index_of.end()) {
                    if (table.size() == 256) return read_texts_widely(column, rows, read);
                    found = index_of.emplace(text, table.size()).first;
                    table.push_back(read(text));
                }
                last = text;
                last_index = found->second;
            }
            codes_of[r] = static_cast<std::uint8_t>(last_index);
        }
        coded_.back() = codes_of.data();
    }

    // The cells of the last (numeric) column that equal a code read as a number
    // (alliance/table/cells.hpp: number_codes, so -9 and "-9" mean the same): their kinds, in
    // memory of this object; the column stays without kinds when no cell is a code. A value the
    // column declares missing (`declared`) is missing, before any code.
    void mark_codes(std::size_t rows, const alliance::table::number_codes& numbers,
                    const alliance::table::user_missing& declared) {
        std::vector<int>* marked = nullptr;
        const int* ints = ints_.back();
        const double* doubles = doubles_.back();
        for (std::size_t r = 0; r < rows; ++r) {
            const double x = ints ? (ints[r] == NA_INTEGER ? NA_REAL : static_cast<double>(ints[r])) : doubles[r];
            const alliance::table::cell_kind kind =
                declared.contains(x) ? alliance::table::cell_kind::missing : numbers.kind_of(x);
            if (kind == alliance::table::cell_kind::number) continue;
            if (!marked) marked = &owned_kinds_.emplace_back(rows, kind_value);
            (*marked)[r] = static_cast<int>(kind);
        }
        if (marked) kinds_.back() = marked->data();
    }

    template <class Read>
    void read_texts_widely(SEXP column, std::size_t rows, Read&& read) {
        tables_.back().clear();
        std::unordered_map<SEXP, text_meaning> seen;
        std::vector<double>& values = owned_values_.emplace_back(rows);
        std::vector<int>& kinds = owned_kinds_.emplace_back(rows);
        for (std::size_t r = 0; r < rows; ++r) {
            const SEXP text = STRING_ELT(column, static_cast<R_xlen_t>(r));
            auto found = seen.find(text);
            if (found == seen.end()) found = seen.emplace(text, read(text)).first;
            values[r] = found->second.value;
            kinds[r] = found->second.kind;
        }
        doubles_.back() = values.data();
        kinds_.back() = kinds.data();
    }

    std::vector<const int*> ints_;
    std::vector<const double*> doubles_;
    std::vector<const int*> kinds_;
    std::vector<SEXP> texts_;
    std::vector<const std::uint8_t*> coded_;
    std::vector<std::vector<text_meaning>> tables_;
    std::deque<std::vector<std::uint8_t>> owned_codes_;  // deques: the columns' addresses never move
    std::deque<std::vector<double>> owned_values_;
    std::deque<std::vector<int>> owned_kinds_;
};

// The label of row r (0-based) in a message, after "row ": `row_names` is the table's row.names
// attribute as it is (integer or character; NULL for automatic row names, which are the row
// numbers). Built only for a row that needs a message: pasting a million labels up front cost
// seconds.
std::string row_label(SEXP row_names, std::size_t r) {
    const auto at = static_cast<R_xlen_t>(r);
    if (TYPEOF(row_names) == STRSXP && at < XLENGTH(row_names)) return CHAR(STRING_ELT(row_names, at));
    if (TYPEOF(row_names) == INTSXP && at < XLENGTH(row_names)) return std::to_string(INTEGER(row_names)[at]);
    return std::to_string(r + 1);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Data shapes: items= and labels= as R gives them, and the values a haven_labelled_spss column
// declares missing. What each form means and every check are the table layer's
// (alliance/table/item_spec.hpp, alliance/response_labels.hpp, alliance/table/data_shapes.hpp);
// here R's vectors become its types.
namespace {

namespace tb = alliance::table;

std::string shown(SEXP value);  // below: a value as a message shows it

// items= : NULL (nullopt: the instrument's own item columns, else item{}), one text (a pattern
// when it holds '{', else a comma-separated list, as the command line's --items), several texts
// (the columns in item order), or texts named by item number (c(`1` = "q_a", ...): item -> column).
std::optional<tb::item_spec> given_items(SEXP items) {
    if (Rf_isNull(items)) return std::nullopt;
    constexpr std::string_view expected =
        "a pattern such as 'item{}', column names in item order, or columns named by item number (c(`1` = \"q1\", ...))";
    if (TYPEOF(items) != STRSXP || OBJECT(items) || Rf_xlength(items) == 0)
        tb::wrong_argument("items", expected, shown(items), tb::binding_spelling);
    const R_xlen_t n = Rf_xlength(items);
    std::vector<std::string> columns;
    for (R_xlen_t i = 0; i < n; ++i) {
        if (STRING_ELT(items, i) == NA_STRING)
            tb::wrong_argument("items", expected, n == 1 ? "NA" : "NA in element " + std::to_string(i + 1),
                               tb::binding_spelling);
        columns.emplace_back(CHAR(STRING_ELT(items, i)));
    }
    const SEXP names = Rf_getAttrib(items, R_NamesSymbol);
    if (Rf_isNull(names)) return n == 1 ? tb::item_spec::parse(columns.front()) : tb::item_spec::listed(columns);
    std::vector<std::pair<std::int64_t, std::string>> mapped;
    for (R_xlen_t i = 0; i < n; ++i) {
        const std::string name = STRING_ELT(names, i) == NA_STRING ? "NA" : CHAR(STRING_ELT(names, i));
        const std::string_view number = tb::trim(name);
        if (number.empty() || number.size() > 18 || number.find_first_not_of("0123456789") != std::string_view::npos)
            tb::wrong_argument("items", expected, "the name '" + name + "' (names are item numbers)",
                               tb::binding_spelling);
        mapped.emplace_back(std::stoll(std::string(number)), columns[static_cast<std::size_t>(i)]);
    }
    return tb::item_spec::mapped(std::move(mapped));
}

tb::item_spec items_of(SEXP items, const runtime_instrument& instrument) {
    if (auto given = given_items(items)) return std::move(*given);
    return tb::default_items(instrument.item_columns());
}

// labels= : NULL (nullopt: the instrument's own labels), or codes named by their labels: a named
// numeric vector c(Never = 1, ...), or a named list of single numbers (a JSON object as R reads
// it) in which an element named by an item number holding such a vector is that item's own map
// (list(Never = 1, ..., `3` = c(Never = 5, ...)), as a key file's response_labels).
constexpr std::string_view labels_expected =
    "codes named by their labels (c(Never = 1, Seldom = 2, ...); in a list, an item number = such codes)";

// The code of element `at` of `codes` (a plain numeric vector), the label named in a message.
double label_code(SEXP codes, R_xlen_t at, const std::string& label) {
    const double code = TYPEOF(codes) == INTSXP
                            ? (INTEGER(codes)[at] == NA_INTEGER ? NA_REAL : static_cast<double>(INTEGER(codes)[at]))
                            : REAL(codes)[at];
    if (R_IsNA(code))
        tb::wrong_argument("labels", "a number for every label (NA is no code)", "NA for label '" + label + "'",
                           tb::binding_spelling);
    return code;
}

bool plain_numbers(SEXP x) { return !OBJECT(x) && (TYPEOF(x) == REALSXP || TYPEOF(x) == INTSXP); }

std::string name_at(SEXP names, R_xlen_t i) {
    return Rf_isNull(names) || STRING_ELT(names, i) == NA_STRING ? std::string() : CHAR(STRING_ELT(names, i));
}

// A named numeric vector's labels added to `map`; `where` names the map in a message.
void add_labels(alliance::label_map& map, SEXP codes, const std::string& where) {
    const SEXP names = Rf_getAttrib(codes, R_NamesSymbol);
    for (R_xlen_t i = 0; i < Rf_xlength(codes); ++i) {
        const std::string label = name_at(names, i);
        map.add(label, label_code(codes, i, label), where);
    }
}

std::optional<alliance::response_labels> labels_of(SEXP labels) {
    if (Rf_isNull(labels)) return std::nullopt;
    const bool list = !OBJECT(labels) && TYPEOF(labels) == VECSXP;
    const SEXP names = Rf_getAttrib(labels, R_NamesSymbol);
    if ((!plain_numbers(labels) && !list) || Rf_isNull(names) || Rf_xlength(labels) == 0)
        tb::wrong_argument("labels", labels_expected, shown(labels), tb::binding_spelling);
    alliance::response_labels out;
    const std::string where = tb::binding_spelling.option("labels");
    if (!list) {
        add_labels(out.common(), labels, where);
        return out;
    }
    for (R_xlen_t i = 0; i < Rf_xlength(labels); ++i) {
        const std::string name = name_at(names, i);
        const SEXP one = VECTOR_ELT(labels, i);
        const bool item = !name.empty() && name.size() <= 9 && name.find_first_not_of("0123456789") == std::string::npos;
        if (item && plain_numbers(one) && !Rf_isNull(Rf_getAttrib(one, R_NamesSymbol))) {
            add_labels(out.item(static_cast<std::size_t>(std::stoul(name))), one, where + " of item " + name);
            continue;
        }
        if (!plain_numbers(one) || Rf_xlength(one) != 1 || !Rf_isNull(Rf_getAttrib(one, R_NamesSymbol)))
            tb::wrong_argument("labels", labels_expected, shown(one) + " for '" + name + "'", tb::binding_spelling);
        out.common().add(name, label_code(one, 0, name), where);
    }
    return out;
}

// An instrument's own labels as labels= takes them: a named numeric vector, or with items' own
// maps a list (their codes named by label, under the item's number).
SEXP labels_value(const alliance::response_labels& labels) {
    const auto vector = [](const alliance::label_map& map) {
        Rcpp::NumericVector codes(static_cast<R_xlen_t>(map.entries().size()));
        Rcpp::CharacterVector names(codes.size());
        for (std::size_t i = 0; i < map.entries().size(); ++i) {
            codes[static_cast<R_xlen_t>(i)] = map.entries()[i].second;
            names[static_cast<R_xlen_t>(i)] = Rf_mkCharCE(map.entries()[i].first.c_str(), CE_UTF8);
        }
        if (codes.size() > 0) codes.attr("names") = names;
        return codes;
    };
    if (labels.items().empty()) return vector(labels.common());
    Rcpp::List out;
    const Rcpp::NumericVector common = vector(labels.common());
    const Rcpp::CharacterVector common_names = common.attr("names");
    for (R_xlen_t i = 0; i < common.size(); ++i) out.push_back(common[i], Rcpp::as<std::string>(common_names[i]));
    for (const auto& [item, own] : labels.items()) out.push_back(vector(own), std::to_string(item));
    return out;
}

// The codes that read an instrument's answers: missing= and not_applicable= (code texts), and
// labels= (else the instrument's own labels), checked against the instrument.
tb::response_codes codes_for(const runtime_instrument& instrument, std::vector<std::string> missing,
                             std::vector<std::string> not_applicable, SEXP labels) {
    tb::response_codes codes;
    codes.missing = std::move(missing);
    codes.not_applicable = std::move(not_applicable);
    codes.labels = tb::labels_for(labels_of(labels), instrument.labels());
    tb::check_labels(codes, instrument.item_count(), tb::binding_spelling);
    return codes;
}

// One column's declared missing values as R/alliance.R's user_missing_of hands them over: NULL,
// or list(values = na_values (numbers or texts), range = na_range (two numbers) or NULL).
tb::user_missing declared_of(SEXP declared) {
    tb::user_missing out;
    if (TYPEOF(declared) != VECSXP || Rf_xlength(declared) != 2) return out;
    const SEXP values = VECTOR_ELT(declared, 0), range = VECTOR_ELT(declared, 1);
    if (TYPEOF(values) == STRSXP) {
        for (R_xlen_t i = 0; i < Rf_xlength(values); ++i)
            if (STRING_ELT(values, i) != NA_STRING) out.texts.emplace_back(CHAR(STRING_ELT(values, i)));
    } else if (TYPEOF(values) == REALSXP || TYPEOF(values) == INTSXP) {
        for (const double x : Rcpp::NumericVector(values)) out.values.push_back(x);
    }
    if ((TYPEOF(range) == REALSXP || TYPEOF(range) == INTSXP) && Rf_xlength(range) == 2) {
        const Rcpp::NumericVector ends(range);
        out.ranges.emplace_back(ends[0], ends[1]);
    }
    return out;
}

std::vector<tb::user_missing> declared_missing(const Rcpp::List& declared) {
    std::vector<tb::user_missing> out;
    for (R_xlen_t i = 0; i < declared.size(); ++i) out.push_back(declared_of(declared[i]));
    return out;
}

}  // namespace

// The item columns of items= (given_items; NULL: the instrument's own, else item{}), checked
// and found among the data's column names `header`, with the table layer's message for absent
// ones (where they came from, and the header's columns that look like items).
// [[Rcpp::export(.cpp_item_columns)]]
std::vector<std::string> cpp_item_columns(std::string kind, std::string value, SEXP items,
                                          std::vector<std::string> header) {
    return guarded([&] {
        const runtime_instrument instrument = make_instrument(kind, value);
        const tb::item_spec spec = items_of(items, instrument);
        std::vector<std::string> names = spec.columns(instrument.item_count(), tb::binding_spelling);
        const std::span<const std::string> columns(header);
        (void)tb::locate_columns(columns, std::span<const std::string>(names),
                                 tb::item_columns_hint(spec, columns, std::span<const std::string>(names),
                                                       tb::binding_spelling));
        return names;
    });
}

namespace {

// "Does not apply" travels to the batch scorer as this number (alliance::batch_codes): no
// response scale reaches it. A cell that really holds it is out of every range anyway, so its
// row is sent to the error path, where the cell's own value is reported.
constexpr double not_applicable_code = -std::numeric_limits<double>::max();

// Rows [first, first + count) of the item columns as one column-major block of doubles (what
// alliance::response_matrix::column_major reads): NA and missing codes become NaN (missing),
// "does not apply" becomes not_applicable_code. `error` is set for a row that must be an error
// row whatever the scorer says (a cell R could not read, a NaN that is not R's NA, a cell equal
// to not_applicable_code); its message is the table layer's, like every error row's.
void fill_block(const item_cells& cells, std::size_t first, std::size_t count, double* block, unsigned char* error) {
    constexpr double blank = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < cells.items(); ++i) {
        double* out = block + i * count;
        if (const std::uint8_t* code = cells.coded_column(i)) {
            // A character column: each distinct text's cell once, then a lookup per row.
            std::array<double, 256> cell{};
            std::array<unsigned char, 256> wrong{};
            const auto table = cells.table_of(i);
            for (std::size_t t = 0; t < table.size(); ++t) {
                const int kind = table[t].kind;
                cell[t] = kind == kind_value ? table[t].value : kind == kind_not_applicable ? not_applicable_code : blank;
                wrong[t] = kind == kind_unreadable || (kind == kind_value && std::isnan(table[t].value)) ? 1 : 0;
            }
            code += first;
            for (std::size_t r = 0; r < count; ++r) {
                out[r] = cell[code[r]];
                error[r] |= wrong[code[r]];
            }
            continue;
        }
        if (const int* x = cells.int_column(i)) {
            x += first;
            for (std::size_t r = 0; r < count; ++r) out[r] = x[r] == NA_INTEGER ? blank : static_cast<double>(x[r]);
        } else {
            const double* y = cells.double_column(i) + first;
            for (std::size_t r = 0; r < count; ++r) {
                const double v = y[r];
                out[r] = v;
                if (std::isnan(v)) {
                    if (!R_IsNA(v)) error[r] = 1;  // NaN: the library reports it as not finite
                } else if (v == not_applicable_code) {
                    error[r] = 1;
                }
            }
        }
        if (const int* kind = cells.kind_column(i)) {
            kind += first;
            for (std::size_t r = 0; r < count; ++r) {
                if (kind[r] == kind_value) continue;
                out[r] = kind[r] == kind_not_applicable ? not_applicable_code : blank;
                if (kind[r] == kind_unreadable) error[r] = 1;
            }
        }
    }
}

}  // namespace

// Character columns of a few distinct words (the status columns) or of mostly NA (the message
// column), as R's ALTREP vectors: per row an index into a dictionary of words. They read as
// ordinary character vectors (typeof "character", every function works on them); the full
// vector of pointers is made only when R asks for its memory (e.g. to modify it), and kept.
// Creating 5 million pointers with SET_STRING_ELT, and their 40 MB, took a third of score()'s
// time on a million rows (bench/bench_r_score.R); the indices are written by the scoring threads.
namespace word_column {

R_altrep_class_t word_class;

// data1: list(indices (INTSXP), dictionary (STRSXP)); data2: the expanded STRSXP once made.
SEXP indices(SEXP x) { return VECTOR_ELT(R_altrep_data1(x), 0); }
SEXP dictionary(SEXP x) { return VECTOR_ELT(R_altrep_data1(x), 1); }

R_xlen_t length(SEXP x) { return XLENGTH(indices(x)); }

SEXP element(SEXP x, R_xlen_t i) {
    const SEXP expanded = R_altrep_data2(x);
    if (expanded != R_NilValue) return STRING_ELT(expanded, i);
    return STRING_ELT(dictionary(x), INTEGER(indices(x))[i]);
}

SEXP expand(SEXP x) {
    SEXP expanded = R_altrep_data2(x);
    if (expanded != R_NilValue) return expanded;
    const R_xlen_t n = length(x);
    expanded = PROTECT(Rf_allocVector(STRSXP, n));
    const int* index = INTEGER(indices(x));
    const SEXP words = dictionary(x);
    for (R_xlen_t i = 0; i < n; ++i) SET_STRING_ELT(expanded, i, STRING_ELT(words, index[i]));
    R_set_altrep_data2(x, expanded);
    UNPROTECT(1);
    return expanded;
}

void* dataptr(SEXP x, Rboolean) { return DATAPTR(expand(x)); }
const void* dataptr_or_null(SEXP x) {
    const SEXP expanded = R_altrep_data2(x);
    return expanded == R_NilValue ? nullptr : DATAPTR(expanded);
}
void set_element(SEXP x, R_xlen_t i, SEXP value) { SET_STRING_ELT(expand(x), i, value); }
Rboolean inspect(SEXP x, int, int, int, void (*)(SEXP, int, int, int)) {
    Rprintf("alliance word column (%s)\n", R_altrep_data2(x) == R_NilValue ? "compact" : "expanded");
    return TRUE;
}

// A character vector whose element i is dictionary[indices[i]] (NA_STRING in the dictionary
// gives NA). Every index must lie in the dictionary.
SEXP make(SEXP indices, SEXP dictionary) {
    const SEXP data = PROTECT(Rf_allocVector(VECSXP, 2));
    SET_VECTOR_ELT(data, 0, indices);
    SET_VECTOR_ELT(data, 1, dictionary);
    const SEXP x = R_new_altrep(word_class, data, R_NilValue);
    UNPROTECT(1);
    return x;
}

}  // namespace word_column

// [[Rcpp::init]]
void register_word_column(DllInfo* dll) {
    using namespace word_column;
    word_class = R_make_altstring_class("alliance_words", "alliance", dll);
    R_set_altrep_Length_method(word_class, length);
    R_set_altrep_Inspect_method(word_class, inspect);
    R_set_altvec_Dataptr_method(word_class, dataptr);
    R_set_altvec_Dataptr_or_null_method(word_class, dataptr_or_null);
    R_set_altstring_Elt_method(word_class, element);
    R_set_altstring_Set_elt_method(word_class, set_element);
}

// The item cells as the table layer reads them (alliance/table/score_table.hpp, Source): blocks
// of rows through fill_block, "does not apply" as not_applicable_code; an error row's answers,
// cells that are no answer and texts from item_cells.
namespace {

struct r_cells {
    const item_cells& cells;
    std::size_t row_count;

    [[nodiscard]] std::size_t rows() const noexcept { return row_count; }
    [[nodiscard]] alliance::batch_codes block_codes() const noexcept { return {true, std::nullopt, not_applicable_code}; }
    alliance::response_matrix block(std::size_t first, std::size_t count, std::vector<double>& buffer,
                                    unsigned char* error) const {
        buffer.resize(count * cells.items());
        fill_block(cells, first, count, buffer.data(), error);
        return alliance::response_matrix::column_major(buffer.data(), count, cells.items());
    }
    [[nodiscard]] alliance::response answer(std::size_t r, std::size_t i) const { return cells.at(r, i); }
    [[nodiscard]] bool unreadable(std::size_t r, std::size_t i) const { return cells.unreadable(r, i); }
    [[nodiscard]] std::string text(std::size_t r, std::size_t i) const { return cells.text(r, i); }
};

// score()'s result columns as R vectors, allocated before any thread starts: per scale sum,
// mean (NA where not computed), answered and status (NA in an error row), then status and
// message, both word columns.
struct r_score_columns {
    Rcpp::List out;
    std::vector<Rcpp::IntegerVector> status_indices;
    Rcpp::IntegerVector row_status;
    alliance::table::score_columns<int, int> columns;

    r_score_columns(std::span<const alliance::scale_entry> scales, R_xlen_t n)
        : out(static_cast<R_xlen_t>(4 * scales.size() + 2)), row_status(Rcpp::no_init(n)) {
        for (std::size_t s = 0; s < scales.size(); ++s) {
            const auto at = static_cast<R_xlen_t>(4 * s);
            out[at] = Rcpp::NumericVector(Rcpp::no_init(n));
            out[at + 1] = Rcpp::NumericVector(Rcpp::no_init(n));
            out[at + 2] = Rcpp::IntegerVector(Rcpp::no_init(n));
            status_indices.emplace_back(Rcpp::no_init(n));
            columns.sums.push_back(REAL(out[at]));
            columns.means.push_back(REAL(out[at + 1]));
            columns.answered.push_back(INTEGER(out[at + 2]));
            columns.statuses.push_back(status_indices.back().begin());
        }
        columns.rows = row_status.begin();
        columns.no_value = NA_REAL;
        columns.no_count = NA_INTEGER;
        columns.no_status = 3;  // the NA of the status words
    }

    // The named list of columns, the messages in a word column (index 0: NA, no message).
    Rcpp::List finish(std::span<const alliance::scale_entry> scales, const alliance::table::score_messages& messages) {
        Rcpp::CharacterVector scale_words{"complete", "prorated", "insufficient", ""};
        scale_words[3] = NA_STRING;
        const Rcpp::CharacterVector row_words{"ok", "partial", "error"};
        Rcpp::IntegerVector message_index(row_status.size());  // zeros
        Rcpp::CharacterVector message_words(static_cast<R_xlen_t>(messages.rows.size() + 1));
        message_words[0] = NA_STRING;
        for (std::size_t k = 0; k < messages.rows.size(); ++k) {
            SET_STRING_ELT(message_words, static_cast<R_xlen_t>(k + 1), Rf_mkCharCE(messages.texts[k].c_str(), CE_UTF8));
            message_index[static_cast<R_xlen_t>(messages.rows[k])] = static_cast<int>(k + 1);
        }
        const std::size_t m = scales.size();
        Rcpp::CharacterVector names(static_cast<R_xlen_t>(4 * m + 2));
        for (std::size_t s = 0; s < m; ++s) {
            const std::string stem = alliance::column_stem(scales[s].name);
            const auto at = static_cast<R_xlen_t>(4 * s);
            out[at + 3] = word_column::make(status_indices[s], scale_words);
            names[at] = stem + "_sum";
            names[at + 1] = stem + "_mean";
            names[at + 2] = stem + "_answered";
            names[at + 3] = stem + "_status";
        }
        out[static_cast<R_xlen_t>(4 * m)] = word_column::make(row_status, row_words);
        out[static_cast<R_xlen_t>(4 * m + 1)] = word_column::make(message_index, message_words);
        names[static_cast<R_xlen_t>(4 * m)] = "status";
        names[static_cast<R_xlen_t>(4 * m + 1)] = "message";
        out.attr("names") = names;
        return out;
    }
};

}  // namespace

// Scores every row (see item_cells for `columns`, `kinds` and `texts`) by the table layer
// (alliance/table/score_table.hpp: the library's batch scorer in blocks, on
// threads_for(rows, threads) threads, the notes of partial rows and the messages of error
// rows). `labels` names each row in messages (empty: "row 1", "row 2", ...); `item_names` are
// the item columns' names; `declared` per item its column's declared missing values (NULL or
// list(values, range)); `answer_labels` labels= (NULL: the instrument's own); `threads` how many
// threads may score (getOption("alliance.threads", 2)). The result columns are R vectors
// allocated here and filled in place (the word columns through their indices); no R object is
// touched while the rows are scored.
// [[Rcpp::export(.cpp_score)]]
Rcpp::List cpp_score(std::string kind, std::string value, Rcpp::List columns, Rcpp::List kinds, Rcpp::List texts,
                     Rcpp::List declared, int rows, SEXP labels, Rcpp::CharacterVector item_names,
                     Rcpp::Nullable<Rcpp::NumericVector> min_answered, int threads,
                     std::vector<std::string> missing_codes, std::vector<std::string> na_codes, SEXP answer_labels) {
    return guarded([&]() -> Rcpp::List {
        const runtime_instrument instrument = make_instrument(kind, value);
        alliance::table::score_request request;
        // also for the message of a cell that is no answer
        request.codes = codes_for(instrument, std::move(missing_codes), std::move(na_codes), answer_labels);
        request.item_names = Rcpp::as<std::vector<std::string>>(item_names);
        request.naming = alliance::table::row_labels([labels](std::uint64_t r) { return row_label(labels, r); });
        request.threads = static_cast<unsigned>(std::max(threads, 1));
        request.interrupt = r_interrupt;
        if (min_answered.isNotNull())
            request.missing_override =
                alliance::missing_rule::prorate_min_fraction(Rcpp::NumericVector(min_answered)[0], "min_answered");
        const item_cells cells(columns, kinds, texts, static_cast<std::size_t>(rows), request.codes,
                               declared_missing(declared));
        if (cells.items() != instrument.item_count())
            Rcpp::stop("internal: the number of item columns differs from the instrument's");
        r_score_columns out(instrument.scales(), static_cast<R_xlen_t>(rows));
        const alliance::table::score_messages messages =
            alliance::table::score_table(instrument, r_cells{cells, static_cast<std::size_t>(rows)}, request, out.columns);
        return out.finish(instrument.scales(), messages);
    });
}

// What score(errors = "stop") signals: the first error row's message, and how many more rows have one.
// [[Rcpp::export(.cpp_error_rows_message)]]
std::string cpp_error_rows_message(std::string first, int error_rows) {
    return alliance::table::error_rows_message(first, static_cast<std::size_t>(std::max(error_rows, 0)));
}


namespace {
std::optional<double> optional_number(const Rcpp::List& list, const char* name) {
    if (!list.containsElementNamed(name) || Rf_isNull(list[name])) return std::nullopt;
    return Rcpp::as<double>(list[name]);
}
}  // namespace

// A block of the table layer (alliance/table/block.hpp) as R reads it: one vector per result
// column (numeric, NA where not computed; a yes/no column (column_kind::yes_no) as TRUE/FALSE,
// NA on rows that are not ok; a category by its label, NA where not computed), then `status` ("ok", "partial", "error") and `message` (the
// library's, NA on other rows).
Rcpp::List block_list(const alliance::table::column_block& block,
                      std::span<const alliance::table::result_column> columns) {
    const auto rows = static_cast<R_xlen_t>(block.rows);
    Rcpp::List list(static_cast<R_xlen_t>(columns.size() + 2));
    Rcpp::CharacterVector names(list.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (columns[c].kind == alliance::table::column_kind::category) {
            Rcpp::CharacterVector column(rows, NA_STRING);
            for (R_xlen_t r = 0; r < rows; ++r)
                if (const double v = block.at(c, static_cast<std::size_t>(r)); !std::isnan(v))
                    column[r] = std::string(columns[c].labels[static_cast<std::size_t>(v)]);
            list[static_cast<R_xlen_t>(c)] = column;
        } else if (columns[c].kind == alliance::table::column_kind::yes_no) {
            Rcpp::LogicalVector column(rows, NA_LOGICAL);
            for (R_xlen_t r = 0; r < rows; ++r)
                if (block.status[static_cast<std::size_t>(r)] == alliance::table::row_status::ok)
                    column[r] = block.at(c, static_cast<std::size_t>(r)) == 1;
            list[static_cast<R_xlen_t>(c)] = column;
        } else {
            Rcpp::NumericVector column(rows);
            for (R_xlen_t r = 0; r < rows; ++r) {
                const double v = block.at(c, static_cast<std::size_t>(r));
                column[r] = std::isnan(v) ? NA_REAL : v;
            }
            list[static_cast<R_xlen_t>(c)] = column;
        }
        names[static_cast<R_xlen_t>(c)] = std::string(columns[c].name);
    }
    static constexpr const char* status_names[] = {"ok", "partial", "error"};
    Rcpp::CharacterVector status(rows);
    Rcpp::CharacterVector message(rows, NA_STRING);
    for (R_xlen_t r = 0; r < rows; ++r) status[r] = status_names[static_cast<int>(block.status[static_cast<std::size_t>(r)])];
    for (const auto& [row, text] : block.messages) message[static_cast<R_xlen_t>(row)] = text;
    list[list.size() - 2] = status;
    list[list.size() - 1] = message;
    names[list.size() - 2] = "status";
    names[list.size() - 1] = "message";
    list.attr("names") = names;
    return list;
}

namespace {

std::span<const double> numbers_of(const Rcpp::NumericVector& x) {
    return {x.begin(), static_cast<std::size_t>(x.size())};
}

// Rows of equally long inputs through the table layer's block rule (alliance/table/block.hpp:
// map_block), `names` naming the inputs in the messages of partial rows.
template <std::size_t N, class Cells>
Rcpp::List run_rows(const std::array<std::span<const double>, N>& inputs, const std::array<std::string_view, N>& names,
                    std::span<const alliance::table::result_column> columns, Cells&& cells) {
    alliance::table::require_equal_lengths(inputs);
    return block_list(
        alliance::table::map_block(inputs, names, columns.size(), std::forward<Cells>(cells), r_interrupt), columns);
}

std::optional<double> nullable_number(const Rcpp::Nullable<Rcpp::NumericVector>& x) {
    if (x.isNull()) return std::nullopt;
    return Rcpp::NumericVector(x.get())[0];
}

}  // namespace

namespace {

namespace tb = alliance::table;

// How a value is shown in a message: one text in single quotes (as the Python package shows
// it), one plain number or logical as R prints it (NA, NaN, Inf), NULL, anything else by its
// class (or type) and length: "a double of length 2", "a factor of length 1", "an environment".
std::string shown(SEXP value) {
    if (Rf_isNull(value)) return "NULL";
    if (Rf_length(value) == 1 && !OBJECT(value)) {
        if (TYPEOF(value) == STRSXP)
            return STRING_ELT(value, 0) == NA_STRING ? "NA" : "'" + std::string(CHAR(STRING_ELT(value, 0))) + "'";
        if (TYPEOF(value) == LGLSXP) {
            const int flag = LOGICAL(value)[0];
            return flag == NA_LOGICAL ? "NA" : flag ? "TRUE" : "FALSE";
        }
        if (TYPEOF(value) == INTSXP) return INTEGER(value)[0] == NA_INTEGER ? "NA" : std::to_string(INTEGER(value)[0]);
        if (TYPEOF(value) == REALSXP) {
            const double x = REAL(value)[0];
            if (std::isnan(x)) return R_IsNA(x) ? "NA" : "NaN";
            if (std::isinf(x)) return x > 0 ? "Inf" : "-Inf";
            return format_value(x);
        }
    }
    std::string what = TYPEOF(value) == CLOSXP || TYPEOF(value) == BUILTINSXP || TYPEOF(value) == SPECIALSXP
                           ? "function"
                           : Rf_type2char(TYPEOF(value));
    if (OBJECT(value)) {
        const SEXP classes = Rf_getAttrib(value, R_ClassSymbol);
        if (TYPEOF(classes) == STRSXP && XLENGTH(classes) > 0) what = CHAR(STRING_ELT(classes, 0));
    }
    const std::string article = std::string_view("aeiou").find(what.front()) == std::string_view::npos ? "a " : "an ";
    if (!Rf_isVector(value)) return article + what;
    return article + what + " of length " + std::to_string(Rf_xlength(value));
}

// One option of a request from the named list the R side passes (NULL or absent: not given),
// by the option's R name: a number is one non-NA numeric value, text one non-NA string.
template <class Field>
void read_option(const Rcpp::List& options, std::string_view dashed, Field& field) {
    const std::string name = tb::binding_spelling.option(dashed);
    if (!options.containsElementNamed(name.c_str())) return;
    const SEXP value = options[name];
    if (Rf_isNull(value)) return;
    constexpr bool number = std::is_same_v<Field, std::optional<double>> || std::is_same_v<Field, double>;
    if constexpr (std::is_same_v<Field, bool>) {
        if (TYPEOF(value) != LGLSXP || Rf_length(value) != 1 || LOGICAL(value)[0] == NA_LOGICAL)
            tb::wrong_argument(dashed, "TRUE or FALSE", shown(value), tb::binding_spelling);
        field = LOGICAL(value)[0] != 0;
    } else if constexpr (number) {
        const std::optional<double> x = one_number(value);
        if (!x) tb::wrong_argument(dashed, "a number", shown(value), tb::binding_spelling);
        field = *x;
    } else {
        if (TYPEOF(value) != STRSXP || Rf_length(value) != 1 || STRING_ELT(value, 0) == NA_STRING)
            tb::wrong_argument(dashed, "text", shown(value), tb::binding_spelling);
        field = std::string(CHAR(STRING_ELT(value, 0)));
    }
}

// Pictures (alliance/table/pictures.hpp): what a picture shows is the library's; these read the
// R side's picture arguments from `asked`: range (NULL or two numbers), title and label (NULL or
// one text), and the names drawn (clients or units: NULL or texts).
std::optional<std::pair<double, double>> picture_range(const Rcpp::List& asked) {
    const SEXP range = asked["range"];
    if (Rf_isNull(range)) return std::nullopt;
    if (!Rf_isNumeric(range) || Rf_isLogical(range) || Rf_xlength(range) != 2 || OBJECT(range))
        tb::wrong_argument("range", "two numbers c(LO, HI)", shown(range), tb::binding_spelling);
    const Rcpp::NumericVector pair(range);
    const std::string text = "c(" + tb::binding_spelling.value(pair[0]) + ", " + tb::binding_spelling.value(pair[1]) + ")";
    return tb::checked_range(pair[0], pair[1], text, tb::binding_spelling);
}

std::optional<std::string> picture_text(const Rcpp::List& asked, const char* name) {
    std::optional<std::string> text;
    read_option(asked, name, text);
    return text;
}

std::vector<std::string> picture_names(const Rcpp::List& asked, const char* name) {
    const SEXP names = asked[name];
    if (Rf_isNull(names)) return {};
    if (TYPEOF(names) != STRSXP) tb::wrong_argument(name, "texts", shown(names), tb::binding_spelling);
    return Rcpp::as<std::vector<std::string>>(names);
}

// Pictures as the R side holds them: list(name, svg, file) each, file as picture_file_stems names it.
Rcpp::List picture_list(const std::vector<tb::picture>& pictures) {
    std::vector<std::string> names;
    for (const tb::picture& p : pictures) names.push_back(p.name);
    const std::vector<std::string> stems = tb::picture_file_stems(names);
    Rcpp::List out(static_cast<R_xlen_t>(pictures.size()));
    for (std::size_t i = 0; i < pictures.size(); ++i)
        out[static_cast<R_xlen_t>(i)] = Rcpp::List::create(Rcpp::Named("name") = pictures[i].name,
                                                           Rcpp::Named("svg") = pictures[i].svg,
                                                           Rcpp::Named("file") = stems[i] + ".svg");
    return out;
}

}  // namespace

// The teaching trace of one record, as text (alliance::describe of alliance::explain);
// `responses` numbers (NA missing, NaN and Inf listed as invalid) or texts read as cells with the codes `missing` and
// `not_applicable` (alliance/table/response_list.hpp);
// `min_answered` replaces every scale's missing-item rule, as score()'s does.
// [[Rcpp::export(.cpp_explain)]]
std::string cpp_explain(std::string kind, std::string value, SEXP responses,
                        Rcpp::Nullable<Rcpp::NumericVector> min_answered, std::vector<std::string> missing,
                        std::vector<std::string> not_applicable) {
    return guarded([&] {
        const runtime_instrument instrument = make_instrument(kind, value);
        std::vector<alliance::table::listed_answer> answers(static_cast<std::size_t>(Rf_xlength(responses)));
        for (R_xlen_t i = 0; i < Rf_xlength(responses); ++i) {
            auto& answer = answers[static_cast<std::size_t>(i)];
            switch (TYPEOF(responses)) {
                case STRSXP:
                    if (STRING_ELT(responses, i) != NA_STRING) answer.text = CHAR(STRING_ELT(responses, i));
                    break;
                case REALSXP:
                    // R's NaN is a number that is not finite, listed as invalid as score() reports
                    // it (the table layer reads a NaN number as missing, Python's NA): its text.
                    if (std::isnan(REAL(responses)[i])) {
                        if (!R_IsNA(REAL(responses)[i])) answer.text = "NaN";
                    } else {
                        answer.number = REAL(responses)[i];
                    }
                    break;
                case INTSXP:
                    if (INTEGER(responses)[i] != NA_INTEGER) answer.number = INTEGER(responses)[i];
                    break;
                case LGLSXP:
                    if (LOGICAL(responses)[i] != NA_LOGICAL)
                        alliance::table::wrong_argument("responses", "numbers or texts", shown(responses),
                                                        alliance::table::binding_spelling);
                    break;
                default:
                    alliance::table::wrong_argument("responses", "numbers or texts", shown(responses),
                                                    alliance::table::binding_spelling);
            }
        }
        alliance::scoring_options options;
        if (min_answered.isNotNull())
            options.missing_override =
                alliance::missing_rule::prorate_min_fraction(Rcpp::NumericVector(min_answered)[0], "min_answered");
        const auto record = alliance::table::read_response_list(answers, {missing, not_applicable},
                                                                alliance::table::binding_spelling);
        return alliance::describe(alliance::explain(instrument, record, options));
    });
}

// Every score against a norm, as `alliance compare`: the options (by their R names) resolved
// by the table layer (alliance/table/compare_options.hpp) into z and Crawford & Howell's test,
// the Bayesian test for a deficit, or (scores_b given) the standardised difference test of two
// tasks. NA scores give partial rows.
// [[Rcpp::export(.cpp_normative_compare)]]
Rcpp::List cpp_normative_compare(Rcpp::NumericVector scores, Rcpp::Nullable<Rcpp::NumericVector> scores_b,
                                 Rcpp::List options) {
    return guarded([&] {
        tb::compare_options o;
        tb::for_each_option(o, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
        o.two_tasks = scores_b.isNotNull();
        std::optional<double> seed;
        read_option(options, "seed", seed);
        if (seed) {
            // R has no 64-bit integers: a seed is a double, whole and below 2^64.
            if (!(*seed >= 0 && *seed < 18446744073709551616.0 && *seed == std::floor(*seed)))
                tb::bad_seed(tb::binding_spelling.value(*seed), tb::binding_spelling);
            o.seed = static_cast<std::uint64_t>(*seed);
        }
        const tb::compare_plan plan = tb::resolve(o, tb::binding_spelling, r_interrupt);
        const std::span<const double> x = numbers_of(scores);
        switch (plan.mode) {
            case tb::compare_mode::dissociation: {
                const Rcpp::NumericVector b(scores_b.get());
                return run_rows<2>({x, numbers_of(b)}, {"score", "score_b"}, tb::dissociation_result_columns,
                                   [&](std::span<const double> v, std::span<double> out) {
                                       tb::dissociation_cells(plan.two, v[0], v[1], out);
                                   });
            }
            case tb::compare_mode::bayesian:
                return run_rows<1>({x}, {"score"}, tb::bayesian_result_columns,
                                   [&](std::span<const double> v, std::span<double> out) {
                                       tb::bayesian_cells(plan.bayesian, v[0], out);
                                   });
            case tb::compare_mode::plain: break;
        }
        return block_list(tb::compare_block(x, plan.plain, "score"), tb::compare_columns(plan.plain));
    });
}

// One option checked by the table layer (alliance/table/option_checks.hpp): "min-answered" or
// "confidence"; NULL stays NULL.
// [[Rcpp::export(.cpp_checked_option)]]
SEXP cpp_checked_option(std::string dashed, SEXP value) {
    return guarded([&]() -> SEXP {
        std::optional<double> number;
        read_option(Rcpp::List::create(Rcpp::Named(tb::binding_spelling.option(dashed)) = value), dashed, number);
        if (!number) return R_NilValue;
        const std::string shown = tb::binding_spelling.value(*number);
        if (dashed == "min-answered") return Rcpp::wrap(tb::checked_min_answered(*number, shown, tb::binding_spelling));
        return Rcpp::wrap(tb::checked_confidence(*number, shown, tb::binding_spelling));
    });
}

// Reliable change of every pre/post pair, as `alliance change` (alliance/table/change.hpp): the
// request's rules, the estimated parameters and the columns are the table layer's. `options` holds
// the arguments by their R names; `names` how the two inputs are called in messages.
// [[Rcpp::export(.cpp_reliable_change)]]
Rcpp::List cpp_reliable_change(Rcpp::NumericVector pre, Rcpp::NumericVector post, Rcpp::List options,
                               std::vector<std::string> names, Rcpp::Nullable<Rcpp::List> picture) {
    return guarded([&] {
        tb::change_request request;
        tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
        const tb::change_settings settings =
            tb::resolve(request, tb::direction_from(request.direction, tb::binding_spelling), tb::binding_spelling);
        const tb::change_block_result result =
            tb::change_block(settings, numbers_of(pre), numbers_of(post), {names.at(0), names.at(1)});
        if (picture.isNotNull()) {  // plot_change: the Jacobson-Truax scatter (alliance/table/change_picture.hpp)
            const Rcpp::List asked(picture);
            alliance::plot::change_plot_options look;
            look.title = picture_text(asked, "title").value_or("Reliable and clinically significant change");
            look.axis_label = picture_text(asked, "label").value_or("score");
            if (const auto range = picture_range(asked)) std::tie(look.min, look.max) = *range;
            return picture_list({{"change", tb::change_picture(result, numbers_of(pre), numbers_of(post), look,
                                                                tb::binding_spelling)}});
        }
        Rcpp::List out = block_list(result.block, tb::change_columns(settings));
        out.attr("estimated") = result.plan.completed.estimated.empty() ? "" : tb::estimated_note(result.plan);
        return out;
    });
}




// compare --equivalence, as the Python binding's equivalence_block: each row a treated group
// (mean, SD, n) against the normative group by Kendall et al.'s (1999) two one-sided tests and
// the traditional test (alliance/table/compare.hpp: equivalence_request, checked once by
// check(request, binding_spelling), each row by equivalence_cells). `equivalent` and
// `different` are logical columns.
// [[Rcpp::export(.cpp_normative_equivalence)]]
Rcpp::List cpp_normative_equivalence(Rcpp::NumericVector group_mean, Rcpp::NumericVector group_sd,
                                     Rcpp::NumericVector group_n, double mean, double sd, double n,
                                     Rcpp::Nullable<Rcpp::NumericVector> delta,
                                     Rcpp::Nullable<Rcpp::NumericVector> delta_sd, bool welch, double alpha) {
    return guarded([&] {
        namespace tb = alliance::table;
        namespace st = alliance::stats;
        const tb::equivalence_request request{{mean, sd, n},
                                              nullable_number(delta),
                                              nullable_number(delta_sd),
                                              welch ? st::variance_model::welch : st::variance_model::pooled,
                                              alpha,
                                              "group_sd",
                                              "group_n"};
        tb::check(request, tb::binding_spelling);
        return run_rows<3>({numbers_of(group_mean), numbers_of(group_sd), numbers_of(group_n)},
                           {"group_mean", "group_sd", "group_n"}, tb::equivalence_result_columns,
                           [&](std::span<const double> x, std::span<double> out) {
                               tb::equivalence_cells(request, x[0], x[1], x[2], out);
                           });
    });
}

// score(classify = TRUE), as the Python binding's classify_block and `alliance score --classify`:
// for each of the instrument's own cut-offs (runtime_instrument::cutoffs(): a built-in's from
// the catalogue, a key file's from the file) an integer column named by its id (1 flagged, 0
// not, NA where the scale has no score), for each severity band table (severity()) a column
// named by its id with the band's label (NA: no score, or a score outside every band). The
// value compared is the scale's reported value (its canonical metric), from score()'s sums and
// means (NA where not scored).
// [[Rcpp::export(.cpp_classify)]]
Rcpp::List cpp_classify(std::string kind, std::string value, Rcpp::List sums, Rcpp::List means) {
    return guarded([&] {
        const runtime_instrument inst = make_instrument(kind, value);
        const auto scales = inst.scales();
        if (static_cast<std::size_t>(sums.size()) != scales.size() || static_cast<std::size_t>(means.size()) != scales.size())
            Rcpp::stop("internal: one sum and one mean column per scale are needed");
        const auto scale_of = [&](std::string_view name) {
            for (std::size_t s = 0; s < scales.size(); ++s)
                if (scales[s].name == name) return s;
            Rcpp::stop("cut-off or band table on scale '" + std::string(name) + "', which the instrument does not have");
        };
        const auto column_of = [&](std::size_t s) {
            return Rcpp::NumericVector(scales[s].metric == alliance::metric::sum ? sums[static_cast<R_xlen_t>(s)]
                                                                                 : means[static_cast<R_xlen_t>(s)]);
        };
        const std::size_t columns = inst.cutoffs().size() + inst.severity().size();
        Rcpp::List out(static_cast<R_xlen_t>(columns));
        Rcpp::CharacterVector names(static_cast<R_xlen_t>(columns));
        R_xlen_t at = 0;
        for (const alliance::cutoff& rule : inst.cutoffs()) {
            const Rcpp::NumericVector v = column_of(scale_of(rule.scale));
            Rcpp::IntegerVector column(v.size());
            for (R_xlen_t r = 0; r < v.size(); ++r)
                column[r] = ISNAN(v[r]) ? NA_INTEGER : (alliance::flags(rule, v[r]) ? 1 : 0);
            out[at] = column;
            names[at++] = std::string(rule.id);
        }
        for (const alliance::severity_bands& table : inst.severity()) {
            const Rcpp::NumericVector v = column_of(scale_of(table.scale));
            Rcpp::CharacterVector column(v.size(), NA_STRING);
            for (R_xlen_t r = 0; r < v.size(); ++r)
                if (const alliance::severity_band* band = ISNAN(v[r]) ? nullptr : alliance::classify(table, v[r]))
                    column[r] = std::string(band->label);
            out[at] = column;
            names[at++] = std::string(table.id);
        }
        out.attr("names") = names;
        return out;
    });
}

namespace {

// A character vector's cells as views of R's strings (NA: missing), which live as long as it.
std::vector<std::optional<std::string_view>> text_cells(const Rcpp::CharacterVector& texts) {
    std::vector<std::optional<std::string_view>> cells(static_cast<std::size_t>(texts.size()));
    for (R_xlen_t i = 0; i < texts.size(); ++i)
        if (STRING_ELT(texts, i) != NA_STRING) cells[static_cast<std::size_t>(i)] = CHAR(STRING_ELT(texts, i));
    return cells;
}

// The score column: texts read as every cell is (alliance/table/cells.hpp), or numbers (NA
// missing; NaN and an infinite number shown as R prints them).
std::vector<tb::score_cell> score_cells(SEXP score) {
    std::vector<tb::score_cell> cells;
    if (TYPEOF(score) == STRSXP) {
        const tb::response_reader reader{tb::response_codes{}};
        for (const auto& text : text_cells(Rcpp::CharacterVector(score)))
            cells.push_back(text ? tb::read_score(*text, reader) : tb::score_cell{});
    } else if (TYPEOF(score) == INTSXP) {
        for (const int x : Rcpp::IntegerVector(score))
            cells.push_back(x == NA_INTEGER ? tb::score_cell{} : tb::score_cell{tb::cell_kind::number, static_cast<double>(x), {}});
    } else if (TYPEOF(score) == REALSXP) {
        for (const double x : Rcpp::NumericVector(score))
            cells.push_back(R_IsNA(x) ? tb::score_cell{}
                                      : tb::score_cell{tb::cell_kind::number, x, ISNAN(x) ? "NaN" : x < 0 ? "-Inf" : "Inf"});
    } else {
        Rcpp::stop("internal: the score column is neither numbers nor text");
    }
    return cells;
}

// The cells a table-layer request writes (alliance/table/output_columns.hpp), as R vectors:
// character, integer (counts, and input rows counted from 1) and double columns; an empty cell
// and an empty message are NA.
class r_columns {
public:
    explicit r_columns(std::vector<tb::output_column> columns) : columns_(std::move(columns)), cells_(columns_.size()) {}
    void text(std::string_view x) {
        if (x.empty() && columns_[at_].name == "message") empty();
        else put(std::string(x));
    }
    void integer(long long x) { put(static_cast<double>(x)); }
    void number(double x) { put(x); }
    void input_row(std::uint64_t row) { put(static_cast<double>(row) + 1); }  // R counts from 1
    void flag(bool x) { put(x ? 1.0 : 0.0); }
    void empty() { put(std::monostate{}); }
    void next_row() { at_ = 0; }

    [[nodiscard]] Rcpp::List list() const {
        Rcpp::List out(static_cast<R_xlen_t>(columns_.size()));
        Rcpp::CharacterVector names(static_cast<R_xlen_t>(columns_.size()));
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            const auto& cells = cells_[c];
            const auto n = static_cast<R_xlen_t>(cells.size());
            const auto at = static_cast<R_xlen_t>(c);
            names[at] = std::string(columns_[c].name);
            if (columns_[c].content == tb::column_content::text) {
                Rcpp::CharacterVector v(n, NA_STRING);
                for (R_xlen_t r = 0; r < n; ++r)
                    if (const auto* s = std::get_if<std::string>(&cells[static_cast<std::size_t>(r)])) v[r] = *s;
                out[at] = v;
            } else if (columns_[c].content == tb::column_content::flag) {
                Rcpp::LogicalVector v(n, NA_LOGICAL);
                for (R_xlen_t r = 0; r < n; ++r)
                    if (const auto* x = std::get_if<double>(&cells[static_cast<std::size_t>(r)])) v[r] = *x == 1;
                out[at] = v;
            } else if (columns_[c].content == tb::column_content::count ||
                       columns_[c].content == tb::column_content::input_row) {
                Rcpp::IntegerVector v(n, NA_INTEGER);
                for (R_xlen_t r = 0; r < n; ++r)
                    if (const auto* x = std::get_if<double>(&cells[static_cast<std::size_t>(r)])) v[r] = static_cast<int>(*x);
                out[at] = v;
            } else {
                Rcpp::NumericVector v(n, NA_REAL);
                for (R_xlen_t r = 0; r < n; ++r)
                    if (const auto* x = std::get_if<double>(&cells[static_cast<std::size_t>(r)])) v[r] = *x;
                out[at] = v;
            }
        }
        out.attr("names") = names;
        return out;
    }

private:
    using cell = std::variant<std::monostate, std::string, double>;
    void put(cell value) { cells_[at_++].push_back(std::move(value)); }
    std::vector<tb::output_column> columns_;
    std::vector<std::vector<cell>> cells_;
    std::size_t at_ = 0;
};

}  // namespace

// Split alliances, as `alliance split` (alliance/table/split.hpp): the request's rules, the
// grouping into units and sessions, every check and message, the columns and the ICC(1) summary
// are the table layer's; here R's columns are read and the rows laid out as a list of columns.
// `unit`, `session` (NULL without sessions) and `member` as text (NA: missing); `score` numbers
// or text; `options` the column names and options by their R names; `labels` the rows' names.
// [[Rcpp::export(.cpp_split)]]
Rcpp::List cpp_split(Rcpp::CharacterVector unit, Rcpp::Nullable<Rcpp::CharacterVector> session,
                     Rcpp::CharacterVector member, SEXP score, Rcpp::List options, bool summary,
                     Rcpp::CharacterVector labels, Rcpp::Nullable<Rcpp::List> picture) {
    return guarded([&] {
        tb::split_request request;
        tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
        request.summary = summary;
        const tb::split_settings settings = tb::resolve(request, tb::binding_spelling);
        const auto units = text_cells(unit);
        const auto sessions = session.isNull() ? std::vector<std::optional<std::string_view>>{}
                                               : text_cells(Rcpp::CharacterVector(session));
        const auto members = text_cells(member);
        const auto scores = score_cells(score);
        const tb::row_naming rows = tb::row_labels(
            [&](std::uint64_t row) { return std::string(CHAR(STRING_ELT(labels, static_cast<R_xlen_t>(row)))); });
        if (picture.isNotNull()) {  // plot_split_alliance: each unit's members by session (alliance/table/pictures.hpp)
            const Rcpp::List asked(picture);
            alliance::plot::split_options look;
            look.title = picture_text(asked, "title").value_or("unit");
            look.y_label = picture_text(asked, "label").value_or(settings.score_column);
            if (const auto range = picture_range(asked)) std::tie(look.y_min, look.y_max) = *range;
            return picture_list(tb::split_pictures({units, sessions, members, scores}, look, picture_names(asked, "units")));
        }
        const tb::split_table table = tb::split_block({units, sessions, members, scores}, settings, rows);
        r_columns out(settings.summary ? tb::split_summary_columns(settings) : tb::split_unit_columns(settings));
        tb::put_split_table(out, table, settings);
        return out.list();
    });
}

// Cronbach's alpha of every scale, as `alliance reliability` (alliance/table/reliability.hpp):
// the options' rules, the listwise drops, each row's status and message are the table layer's.
// The item columns as for .cpp_score, with labels= and each column's declared missing values (a row with a cell that is no answer, or with an answer the
// instrument does not allow, is left out of every scale); `labels` the rows' names. The list's
// attribute "warning" is the note on the rows left out (NA when there are none).
// [[Rcpp::export(.cpp_reliability)]]
Rcpp::List cpp_reliability(std::string kind, std::string value, Rcpp::List columns, Rcpp::List kinds,
                           Rcpp::List texts, Rcpp::List declared, int rows, Rcpp::CharacterVector labels,
                           Rcpp::List options, bool item_detail, std::vector<std::string> missing_codes,
                           std::vector<std::string> na_codes, SEXP answer_labels) {
    return guarded([&] {
        tb::reliability_request request;
        tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
        request.item_detail = item_detail;
        const tb::reliability_settings settings = tb::resolve(request, tb::binding_spelling);
        const runtime_instrument instrument = make_instrument(kind, value);
        const tb::response_codes codes = codes_for(instrument, std::move(missing_codes), std::move(na_codes), answer_labels);
        const item_cells cells(columns, kinds, texts, static_cast<std::size_t>(rows), codes, declared_missing(declared));
        std::vector<std::vector<alliance::response>> records(static_cast<std::size_t>(rows),
                                                             std::vector<alliance::response>(instrument.item_count()));
        const auto unreadable = std::make_unique<bool[]>(records.size());
        for (std::size_t r = 0; r < records.size(); ++r) {
            bool readable = true;
            cells.read_row(r, records[r], readable);
            unreadable[r] = !readable;
        }
        const tb::row_naming naming = tb::row_labels(
            [&](std::uint64_t row) { return std::string(CHAR(STRING_ELT(labels, static_cast<R_xlen_t>(row)))); });
        const auto table = tb::reliability_block(instrument.view(), records,
                                                 std::span<const bool>(unreadable.get(), records.size()), settings, naming);
        r_columns out(tb::reliability_columns(settings));
        tb::put_reliability_table(out, table.scales, settings);
        Rcpp::List list = out.list();
        list.attr("warning") = table.invalid.count == 0 ? Rcpp::String(NA_STRING)
                                                        : Rcpp::String(tb::invalid_rows_note(table.invalid, naming));
        return list;
    });
}

// The six Shrout & Fleiss ICCs, as `alliance icc` (alliance/table/reliability.hpp): the options'
// rules, which rows are used, the status and message are the table layer's. `columns`: one per
// rater, numbers (NA: not rated) or texts read as every cell is; `labels` the rows' names.
// [[Rcpp::export(.cpp_icc)]]
Rcpp::List cpp_icc(Rcpp::List columns, Rcpp::List options, Rcpp::CharacterVector labels) {
    return guarded([&] {
        tb::icc_request request{static_cast<std::size_t>(columns.size())};
        tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
        const tb::icc_settings settings = tb::resolve(request, tb::binding_spelling);
        std::vector<std::vector<double>> values(settings.raters);
        std::vector<std::vector<tb::cell_kind>> cell_kinds(settings.raters);
        std::vector<tb::rating_column> ratings;
        for (std::size_t c = 0; c < settings.raters; ++c) {
            const SEXP column = columns[static_cast<R_xlen_t>(c)];
            if (TYPEOF(column) == STRSXP) {
                const tb::response_reader reader{tb::response_codes{}};
                for (const auto& text : text_cells(Rcpp::CharacterVector(column))) {
                    alliance::response answer;
                    const bool read = text && reader.read_field(*text, answer);
                    const bool number = read && answer.has_value();
                    values[c].push_back(number ? answer.value() : NA_REAL);
                    cell_kinds[c].push_back(!text || (read && answer.is_missing()) ? tb::cell_kind::missing
                                            : number                                ? tb::cell_kind::number
                                                                                    : tb::cell_kind::unreadable);
                }
            } else {
                const Rcpp::NumericVector numbers(column);  // integers converted, NA kept
                values[c].assign(numbers.begin(), numbers.end());
                // R's NaN is a rating that is not a finite number, never a missing one (NA)
                if (std::any_of(numbers.begin(), numbers.end(), [](double x) { return std::isnan(x) && !R_IsNA(x); }))
                    for (const double x : numbers)
                        cell_kinds[c].push_back(R_IsNA(x) ? tb::cell_kind::missing : tb::cell_kind::number);
            }
            ratings.push_back({values[c], cell_kinds[c]});
        }
        const tb::row_naming naming = tb::row_labels(
            [&](std::uint64_t row) { return std::string(CHAR(STRING_ELT(labels, static_cast<R_xlen_t>(row)))); });
        r_columns out(tb::icc_columns());
        tb::put_icc_table(out, tb::icc_block(ratings, settings, naming));
        return out.list();
    });
}

// ---------------------------------------------------------------------------------------------
// Tracking (alliance track): the options are read into the library's track_options, checked and
// applied by alliance/tracking/track.hpp as the command line's and the Python binding's are;
// here only the conversions. The library's option problems reach R users as every request's do
// (the message alone, an alliance_input_error), through guarded().

namespace {

namespace tr = alliance::tracking;
namespace st = alliance::stats;

bool has_option(const Rcpp::List& options, const char* name) {
    return options.containsElementNamed(name) && !Rf_isNull(options[name]);
}

// The options as track() was given them (R/alliance.R's track_options checked their R types):
// the rule names, summary, and the rules' parameters by their R names.
tr::track_options track_options_of(const Rcpp::List& options) {
    tr::track_options o;
    if (has_option(options, "rule")) {
        if (TYPEOF(options["rule"]) != STRSXP) tb::wrong_argument("rule", "rule names", shown(options["rule"]), tb::binding_spelling);
        o.rules = Rcpp::as<std::vector<std::string>>(options["rule"]);
    }
    read_option(options, "summary", o.summary);
    tr::for_each_option(o, [&](std::string_view dashed, auto& field) {
        using type = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<type, std::optional<std::string>> || std::is_same_v<type, std::optional<double>>) {
            read_option(options, dashed, field);
        } else {  // k: a name or a number
            const std::string name = tr::binding_spelling.option(dashed);
            if (!has_option(options, name.c_str())) return;
            if (Rf_isString(options[name])) {
                std::optional<std::string> text;
                read_option(options, dashed, text);
                field = *text;
            } else {
                std::optional<double> number;
                read_option(options, dashed, number);
                field = *number;
            }
        }
    });
    return o;
}

// The options checked and made into rules, as `alliance track` does.
tr::track_rules resolved_rules(const runtime_instrument& inst, int scale, const std::string& metric,
                               const Rcpp::List& options) {
    const alliance::metric used = tr::detail::choose("metric", metric, alliance::metric_names, tr::binding_spelling);
    return tr::resolve_rules(track_options_of(options), inst, static_cast<std::size_t>(scale), used,
                             [](double c) { return st::critical_value::from_confidence(c); }, tr::binding_spelling);
}

// The direction among the options (NULL: not given), checked by the table layer.
alliance::stats::direction direction_of(const Rcpp::List& options) {
    std::optional<std::string> direction;
    read_option(options, "direction", direction);
    return tb::direction_from(direction, tb::binding_spelling);
}

}  // namespace

// The options (with the direction) checked as `alliance track` checks them, before the
// records are scored.
// [[Rcpp::export(.cpp_track_check)]]
bool cpp_track_check(std::string kind, std::string value, int scale, std::string metric, Rcpp::List options) {
    return guarded([&] {
        bool dates = false;
        read_option(options, "session-dates", dates);
        tb::check_track_columns(Rcpp::as<std::string>(options["client"]), Rcpp::as<std::string>(options["session"]),
                                tb::binding_spelling);
        (void)direction_of(options);
        (void)resolved_rules(make_instrument(kind, value), scale, metric, options);
        return true;
    });
}

// The scale `alliance track` follows (0-based): the named one, else the total, else the only
// scale; and every scale's reported metric.
// [[Rcpp::export(.cpp_tracked_scale)]]
Rcpp::List cpp_tracked_scale(std::string kind, std::string value, Rcpp::Nullable<Rcpp::CharacterVector> scale) {
    return guarded([&] {
        const runtime_instrument inst = make_instrument(kind, value);
        const auto scales = inst.scales();
        std::optional<std::string> name;
        if (scale.isNotNull()) name = Rcpp::as<std::string>(Rcpp::CharacterVector(scale.get())[0]);
        const auto chosen = static_cast<int>(tr::tracked_scale(inst, name, tr::binding_spelling));
        Rcpp::CharacterVector metrics(scales.size());
        for (std::size_t s = 0; s < scales.size(); ++s) metrics[static_cast<R_xlen_t>(s)] = std::string(alliance::to_string(scales[s].metric));
        return Rcpp::List::create(Rcpp::_["scale"] = chosen, Rcpp::_["metrics"] = metrics);
    });
}

// Rows of one data set as `alliance track` lays them out (alliance/table/track.hpp): the rows'
// problems and messages, the grouping by client, the duplicate sessions, the summary's notes and
// counts are the table layer's. `client` text (NA missing); `session` numbers or text; `status`,
// `message`, `score` score()'s row status, message and the tracked scale's value; `labels` the
// rows' names. The track columns per row, or the summary (first/last_session as row numbers).
// [[Rcpp::export(.cpp_track)]]
Rcpp::List cpp_track(std::string kind, std::string value, int scale, std::string metric, Rcpp::CharacterVector client,
                     SEXP session, Rcpp::CharacterVector status, Rcpp::CharacterVector message,
                     Rcpp::NumericVector score, Rcpp::List options, Rcpp::CharacterVector labels) {
    return guarded([&] {
        const runtime_instrument inst = make_instrument(kind, value);
        tb::track_settings settings;
        settings.client_column = Rcpp::as<std::string>(options["client"]);
        settings.session_column = Rcpp::as<std::string>(options["session"]);
        read_option(options, "session-dates", settings.session_dates);
        read_option(options, "summary", settings.summary);
        settings.better = direction_of(options);
        settings.rules = resolved_rules(inst, scale, metric, options);
        settings.interrupt = r_interrupt;
        if (options.containsElementNamed("pictures")) {  // plot_trajectory: every client's trajectory as track analyses it
            const Rcpp::List asked(options["pictures"]);
            const alliance::metric used = tr::detail::choose("metric", metric, alliance::metric_names, tr::binding_spelling);
            settings.pictures = tb::trajectory_pictures{
                tb::trajectory_look(inst, static_cast<std::size_t>(scale), used, settings.rules, picture_range(asked),
                                    picture_text(asked, "title").value_or(std::string(inst.view().about.name))),
                picture_names(asked, "clients")};
        }
        const auto clients = text_cells(client);
        const bool numbers = TYPEOF(session) != STRSXP;
        const Rcpp::NumericVector session_numbers = numbers ? Rcpp::NumericVector(session) : Rcpp::NumericVector();
        const auto session_texts = numbers ? std::vector<std::optional<std::string_view>>{}
                                           : text_cells(Rcpp::CharacterVector(session));
        const auto n = static_cast<std::size_t>(client.size());
        std::vector<tb::row_status> row_status(n);
        std::vector<std::string_view> messages(n);
        for (std::size_t r = 0; r < n; ++r) {
            const auto at = static_cast<R_xlen_t>(r);
            const std::string_view word = CHAR(STRING_ELT(status, at));
            row_status[r] = word == "error" ? tb::row_status::error : word == "partial" ? tb::row_status::partial : tb::row_status::ok;
            if (STRING_ELT(message, at) != NA_STRING) messages[r] = CHAR(STRING_ELT(message, at));
        }
        // R's NA in a numeric column is a NaN: missing, as the table layer reads NaN.
        const tb::row_naming rows = tb::row_labels(
            [&](std::uint64_t row) { return std::string(CHAR(STRING_ELT(labels, static_cast<R_xlen_t>(row)))); });
        const tb::track_table table = tb::track_block(
            {clients, {session_texts, {session_numbers.begin(), static_cast<std::size_t>(session_numbers.size())}},
             row_status, messages, {score.begin(), static_cast<std::size_t>(score.size())}},
            settings, rows);
        if (settings.pictures) return picture_list(table.pictures);
        r_columns out(tb::track_table_columns(settings));
        tb::put_track_table(out, table);
        return out.list();
    });
}

// What each text means (alliance/table/cells.hpp), for a short vector of texts such as the
// responses of explain(). kinds: 0 a number, 1 missing, 2 does not apply, 3 unreadable; R's NA
// is missing. (Score's columns are read by item_cells, each distinct text once.)
// [[Rcpp::export(.cpp_read_texts)]]
Rcpp::List cpp_read_texts(Rcpp::CharacterVector texts, std::vector<std::string> missing_codes,
                          std::vector<std::string> na_codes) {
    alliance::table::response_codes codes;
    codes.missing = std::move(missing_codes);
    codes.not_applicable = std::move(na_codes);
    std::vector<std::string_view> views(static_cast<std::size_t>(texts.size()));
    for (R_xlen_t i = 0; i < texts.size(); ++i)
        if (STRING_ELT(texts, i) != NA_STRING) views[static_cast<std::size_t>(i)] = CHAR(STRING_ELT(texts, i));
    const alliance::table::read_cells cells = alliance::table::read_texts(views, codes);
    Rcpp::NumericVector values(texts.size());
    Rcpp::IntegerVector kinds(texts.size());
    for (R_xlen_t i = 0; i < texts.size(); ++i) {
        const auto at = static_cast<std::size_t>(i);
        const bool na = STRING_ELT(texts, i) == NA_STRING;
        kinds[i] = na ? 1 : static_cast<int>(cells.kinds[at]);
        values[i] = na || cells.kinds[at] != alliance::table::cell_kind::number ? NA_REAL
                    : std::isnan(cells.values[at])                          ? R_NaN
                                                                            : cells.values[at];
    }
    return Rcpp::List::create(Rcpp::_["values"] = values, Rcpp::_["kinds"] = kinds);
}

// Rows grouped by a key column (alliance/table/grouping.hpp): per row its 0-based group (-1: no
// group: NA, or empty once trimmed) and the groups' keys in order.
// [[Rcpp::export(.cpp_group_keys)]]
Rcpp::List cpp_group_keys(Rcpp::CharacterVector keys) {
    const SEXP strings = keys;
    const auto grouped = alliance::table::group_rows(static_cast<std::size_t>(keys.size()),
                                                     [&](std::size_t r) -> std::optional<std::string_view> {
        const SEXP text = STRING_ELT(strings, static_cast<R_xlen_t>(r));
        if (text == NA_STRING) return std::nullopt;
        return std::string_view(CHAR(text), static_cast<std::size_t>(Rf_length(text)));
    });
    Rcpp::IntegerVector group(keys.size());
    for (R_xlen_t r = 0; r < keys.size(); ++r) group[r] = static_cast<int>(grouped.group[static_cast<std::size_t>(r)]);
    Rcpp::CharacterVector names(static_cast<R_xlen_t>(grouped.keys.size()));
    for (std::size_t g = 0; g < grouped.keys.size(); ++g)  // the R side hands over UTF-8 (enc2utf8)
        names[static_cast<R_xlen_t>(g)] = Rf_mkCharLenCE(grouped.keys[g].data(), static_cast<int>(grouped.keys[g].size()), CE_UTF8);
    return Rcpp::List::create(Rcpp::_["group"] = group, Rcpp::_["keys"] = names);
}

// Pairing two named vectors (alliance/table/pairing.hpp): R matches the names into codes; the
// rule and its messages are the library's. Returns, for each element of the first, the
// 1-based position of the second's element with the same name.
// [[Rcpp::export(.cpp_pair_by_key)]]
Rcpp::IntegerVector cpp_pair_by_key(Rcpp::IntegerVector first, Rcpp::IntegerVector second, std::string first_name,
                                    std::string second_name, Rcpp::CharacterVector first_labels,
                                    Rcpp::CharacterVector second_labels) {
    const std::vector<std::int64_t> a(first.begin(), first.end());
    const std::vector<std::int64_t> b(second.begin(), second.end());
    std::vector<std::size_t> rows;
    try {
        rows = alliance::table::pair_by_key(a, b, {first_name, second_name}, [&](bool in_second, std::size_t row) {
            const Rcpp::String label = (in_second ? second_labels : first_labels)[static_cast<R_xlen_t>(row)];
            return label == NA_STRING ? std::string("NA") : "'" + std::string(label.get_cstring()) + "'";
        });
    } catch (const alliance::error& e) {
        signal_error(e);
    }
    Rcpp::IntegerVector out(static_cast<R_xlen_t>(rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) out[static_cast<R_xlen_t>(i)] = static_cast<int>(rows[i] + 1);
    return out;
}

// Two vectors without names pair by position and must be equally long.
// [[Rcpp::export(.cpp_require_same_length)]]
void cpp_require_same_length(double first, double second, std::string first_name, std::string second_name) {
    try {
        alliance::table::require_same_length(static_cast<std::size_t>(first), static_cast<std::size_t>(second),
                                             {first_name, second_name});
    } catch (const alliance::error& e) {
        signal_error(e);
    }
}

// ---------------------------------------------------------------------------------------------
// Arguments and columns as R/alliance.R hands them over before a request: R decides by R's
// types (a factor by its labels, bit64's integer64 by its value, a logical column refused);
// every message and every rule about a value is the library's.

// The library's version (alliance/version.hpp), which DESCRIPTION's Version must equal.
// [[Rcpp::export(.cpp_version)]]
std::string cpp_version() { return std::string(alliance::version); }

namespace {

// One non-NA text, else the table layer's message for an argument of the wrong kind.
std::string one_text(SEXP value, std::string_view name, std::string_view expected) {
    if (TYPEOF(value) != STRSXP || Rf_xlength(value) != 1 || STRING_ELT(value, 0) == NA_STRING)
        tb::wrong_argument(name, expected, shown(value), tb::binding_spelling);
    return CHAR(STRING_ELT(value, 0));
}

// A key file read once, now (refused unless it is a regular file: a FIFO would block, a
// directory is called one), kept as its key's text: list(kind, value, path) for make_instrument.
Rcpp::List key_source(const std::string& path) {
    const alliance::key_file file = alliance::read_key_file(path, alliance::key_file_source::regular_only);
    return Rcpp::List::create(Rcpp::_["kind"] = "key_text", Rcpp::_["value"] = alliance::to_key_file_json(file.instrument()),
                              Rcpp::_["path"] = path);
}

}  // namespace

// An instrument given as one text: a built-in id, or a key file's path, told apart by the table
// layer (alliance/table/catalogue_lookup.hpp: classify_instrument_text); a key file is read here,
// once. An unknown id gets the catalogue's message.
// [[Rcpp::export(.cpp_instrument_source)]]
Rcpp::List cpp_instrument_source(SEXP instrument, std::string name) {
    return guarded([&] {
        const std::string text = one_text(instrument, name,
                                          "a built-in id such as 'wai-sr', an object from instrument() or load_key(), "
                                          "or a key file's path");
        switch (tb::classify_instrument_text(text)) {
            case tb::instrument_text::builtin:
                return Rcpp::List::create(Rcpp::_["kind"] = "id", Rcpp::_["value"] = text,
                                          Rcpp::_["path"] = Rcpp::CharacterVector::create(NA_STRING));
            case tb::instrument_text::key_file: return key_source(text);
            case tb::instrument_text::unknown: break;
        }
        (void)tb::catalogue_instrument(text);  // throws: the catalogue's message for an unknown id
        return Rcpp::List();
    });
}

// load_key(path): the key file read once, as .cpp_instrument_source reads one.
// [[Rcpp::export(.cpp_key_source)]]
Rcpp::List cpp_key_source(SEXP path) {
    return guarded([&] { return key_source(one_text(path, "path", "one file path")); });
}

// Codes as R gives them (missing=, not_applicable=; a factor as its labels): texts, or numbers
// as their shortest text, which the table layer reads back exactly (cells.hpp: number_codes, so
// -9 and "-9" are the same code). NA is no code (R's NA is always missing); anything else is
// refused naming the argument.
// [[Rcpp::export(.cpp_codes)]]
Rcpp::CharacterVector cpp_codes(SEXP codes, std::string name) {
    return guarded([&] {
        const bool integer64 = is_integer64(codes);
        const bool numbers = integer64 || (!OBJECT(codes) && (TYPEOF(codes) == INTSXP || TYPEOF(codes) == REALSXP));
        if (!numbers && (TYPEOF(codes) != STRSXP || OBJECT(codes)))
            tb::wrong_argument(name, "numbers or texts", shown(codes), tb::binding_spelling);
        const R_xlen_t n = Rf_xlength(codes);
        Rcpp::CharacterVector out(n);
        for (R_xlen_t i = 0; i < n; ++i) {
            std::optional<std::string> text;
            if (integer64) {
                if (const auto v = integer64_at(codes, i)) text = std::to_string(*v);
            } else if (TYPEOF(codes) == STRSXP) {
                if (STRING_ELT(codes, i) != NA_STRING) text = CHAR(STRING_ELT(codes, i));
            } else if (TYPEOF(codes) == INTSXP) {
                if (INTEGER(codes)[i] != NA_INTEGER) text = std::to_string(INTEGER(codes)[i]);
            } else if (!std::isnan(REAL(codes)[i])) {
                text = format_value(REAL(codes)[i]);
            }
            if (!text)
                tb::wrong_argument(name, "numbers or texts (NA is always missing)",
                                   n == 1 ? shown(codes) : "NA in element " + std::to_string(i + 1), tb::binding_spelling);
            out[i] = *text;
        }
        return out;
    });
}

// An integer64 column as the exact text of each value (NA for NA), read as every text cell is.
// [[Rcpp::export(.cpp_integer64_text)]]
Rcpp::CharacterVector cpp_integer64_text(SEXP x) {
    const R_xlen_t n = Rf_xlength(x);
    Rcpp::CharacterVector out(n, NA_STRING);
    for (R_xlen_t i = 0; i < n; ++i)
        if (const auto v = integer64_at(x, i)) out[i] = std::to_string(*v);
    return out;
}

// A vector of numbers R has judged numeric (a plain or classed double or integer, an integer64,
// or a logical of NAs only) as doubles with its names: R's NaN, which the table layer would read
// as missing, is refused, and with `finite` an infinite value too, naming the argument.
// [[Rcpp::export(.cpp_checked_numbers)]]
Rcpp::NumericVector cpp_checked_numbers(std::string name, SEXP x, bool finite) {
    return guarded([&] {
        const R_xlen_t n = Rf_xlength(x);
        Rcpp::NumericVector out(Rcpp::no_init(n));
        for (R_xlen_t i = 0; i < n; ++i) {
            double v = NA_REAL;
            bool readable = true;
            if (is_integer64(x)) {
                if (const auto w = integer64_at(x, i)) {
                    readable = *w >= -(std::int64_t{1} << 53) && *w <= (std::int64_t{1} << 53);
                    v = static_cast<double>(*w);
                }
            } else if (TYPEOF(x) == REALSXP) {
                v = REAL(x)[i];
            } else if (TYPEOF(x) == INTSXP && !Rf_isFactor(x)) {
                if (INTEGER(x)[i] != NA_INTEGER) v = INTEGER(x)[i];
            } else if (TYPEOF(x) != LGLSXP || LOGICAL(x)[i] != NA_LOGICAL) {
                tb::wrong_argument(name, "numbers", shown(x), tb::binding_spelling);
            }
            const bool nan = std::isnan(v) && !R_IsNA(v);
            if (!readable || nan || (finite && std::isinf(v))) {
                const std::string value = !readable ? std::to_string(*integer64_at(x, i))
                                          : nan     ? "NaN"
                                          : v > 0   ? "Inf"
                                                    : "-Inf";
                tb::wrong_argument(name, finite ? "finite numbers (NA for a missing value)" : "numbers (NA for a missing value)",
                                   value + " in element " + std::to_string(i + 1), tb::binding_spelling);
            }
            out[i] = v;
        }
        const SEXP names = Rf_getAttrib(x, R_NamesSymbol);
        if (!Rf_isNull(names)) out.attr("names") = names;
        return out;
    });
}

// An argument R found of the wrong kind (`expected` in R's words), with the table layer's
// message: "data expects a data.frame, a tibble or a matrix, not a list of length 2".
// [[Rcpp::export(.cpp_argument_error)]]
void cpp_argument_error(std::string name, std::string expected, SEXP value) {
    guarded([&] { tb::wrong_argument(name, expected, shown(value), tb::binding_spelling); });
}

// One argument checked by its kind, as every request's options are (read_option): "flag" TRUE
// or FALSE, "number" one number, "text" one text, "name" one text that is not empty (a column
// name). Returns it as R holds it.
// [[Rcpp::export(.cpp_checked_argument)]]
SEXP cpp_checked_argument(std::string name, SEXP value, std::string kind) {
    return guarded([&]() -> SEXP {
        if (kind == "flag") {
            if (TYPEOF(value) != LGLSXP || OBJECT(value) || Rf_xlength(value) != 1 || LOGICAL(value)[0] == NA_LOGICAL)
                tb::wrong_argument(name, "TRUE or FALSE", shown(value), tb::binding_spelling);
            return value;
        }
        if (kind == "number") {
            const std::optional<double> x = one_number(value);
            if (!x) tb::wrong_argument(name, "a number", shown(value), tb::binding_spelling);
            return Rcpp::wrap(*x);
        }
        const std::string text = one_text(value, name, kind == "name" ? "one column name" : "text");
        if (kind == "name" && tb::trim(text).empty()) tb::wrong_argument(name, "one column name", shown(value), tb::binding_spelling);
        return value;
    });
}

// score(errors = ...): "row" or "stop", by the table layer's rule (option_checks.hpp:
// checked_choice): "errors expects 'row' or 'stop', not 'warn'".
// [[Rcpp::export(.cpp_checked_errors)]]
std::string cpp_checked_errors(SEXP value) {
    return guarded([&] {
        const std::string text = one_text(value, "errors", tb::choice_list({"row", "stop"}, tb::binding_spelling));
        return std::string(tb::checked_choice(text, "errors", {"row", "stop"}, tb::binding_spelling));
    });
}

// A column whose R type holds no answers, ratings, scores or keys (alliance/table/column_type.hpp).
// [[Rcpp::export(.cpp_column_type_error)]]
void cpp_column_type_error(std::string column, std::string type, std::string role) {
    guarded([&] {
        const tb::column_role r = role == "answers" ? tb::column_role::answers
                                  : role == "ratings" ? tb::column_role::ratings
                                  : role == "scores"  ? tb::column_role::scores
                                                      : tb::column_role::keys;
        tb::wrong_column_type(column, type, r);
    });
}

// ---------------------------------------------------------------------------------------------
// Instruments defined in a call, and written as key files (alliance/define_instrument.hpp,
// alliance/key_file_writer.hpp).

namespace {

// One scale's items (or reversed=) as the library takes them: texts ("A1", "-A1"), or numbers
// as their text ("3", "-3"); `where` names them in a message.
std::vector<std::string> item_entries(SEXP items, const std::string& where) {
    constexpr std::string_view expected = "item numbers or column names (a leading '-' reverses an item)";
    std::vector<std::string> out;
    const R_xlen_t n = Rf_xlength(items);
    const bool numbers = !OBJECT(items) && (TYPEOF(items) == REALSXP || TYPEOF(items) == INTSXP);
    if (!numbers && (TYPEOF(items) != STRSXP || OBJECT(items)))
        tb::wrong_argument(where, expected, shown(items), tb::binding_spelling);
    for (R_xlen_t i = 0; i < n; ++i) {
        const std::string element = n == 1 ? std::string() : " in element " + std::to_string(i + 1);
        if (TYPEOF(items) == STRSXP) {
            if (STRING_ELT(items, i) == NA_STRING) tb::wrong_argument(where, expected, "NA" + element, tb::binding_spelling);
            out.emplace_back(CHAR(STRING_ELT(items, i)));
            continue;
        }
        const double x = TYPEOF(items) == INTSXP
                             ? (INTEGER(items)[i] == NA_INTEGER ? NA_REAL : static_cast<double>(INTEGER(items)[i]))
                             : REAL(items)[i];
        if (!std::isfinite(x) || x != std::floor(x) || std::fabs(x) > 1e9)
            tb::wrong_argument(where, expected, (R_IsNA(x) ? std::string("NA") : tb::binding_spelling.value(x)) + element,
                               tb::binding_spelling);
        out.push_back(format_value(x));
    }
    return out;
}

// scales= : a named list of items per scale (psych's key lists, psych::bfi.keys).
std::vector<alliance::instrument_scale_request> scale_requests(SEXP scales) {
    if (TYPEOF(scales) != VECSXP || OBJECT(scales))
        tb::wrong_argument("scales", "a named list of item numbers or column names per scale (psych::bfi.keys)",
                           shown(scales), tb::binding_spelling);
    const SEXP names = Rf_getAttrib(scales, R_NamesSymbol);
    std::vector<alliance::instrument_scale_request> out;
    for (R_xlen_t s = 0; s < Rf_xlength(scales); ++s) {
        alliance::instrument_scale_request scale;
        if (!Rf_isNull(names) && STRING_ELT(names, s) != NA_STRING) scale.name = CHAR(STRING_ELT(names, s));
        const std::string where = "scales '" + scale.name + "'";
        scale.items = item_entries(VECTOR_ELT(scales, s), where);
        out.push_back(std::move(scale));
    }
    return out;
}

Rcpp::List key_text_source(const runtime_instrument& instrument) {
    return Rcpp::List::create(Rcpp::_["kind"] = "key_text", Rcpp::_["value"] = alliance::to_key_file_json(instrument),
                              Rcpp::_["path"] = Rcpp::CharacterVector::create(NA_STRING));
}

}  // namespace

// define_instrument(): the request read from R's arguments (`options`: name, missing_rule and
// metric, each NULL or one text) and built by the library through the key-file reader; the
// instrument is kept as its key's text, as a loaded key is.
// [[Rcpp::export(.cpp_define_instrument)]]
Rcpp::List cpp_define_instrument(SEXP id, SEXP response, SEXP scales, SEXP reversed, SEXP labels,
                                 Rcpp::List options) {
    return guarded([&] {
        alliance::instrument_request request;
        request.id = one_text(id, "id", "text");
        std::optional<std::string> text;
        read_option(options, "name", text);
        request.name = text.value_or("");
        text.reset();
        read_option(options, "missing-rule", text);
        request.missing_rule = text.value_or("");
        text.reset();
        read_option(options, "metric", text);
        request.metric = text.value_or("");
        if (!Rf_isNumeric(response) || Rf_isLogical(response) || Rf_isFactor(response) || OBJECT(response) ||
            Rf_xlength(response) != 2 || !std::isfinite(Rcpp::NumericVector(response)[0]) ||
            !std::isfinite(Rcpp::NumericVector(response)[1]))
            tb::wrong_argument("response", "two numbers c(LOWEST, HIGHEST)", shown(response), tb::binding_spelling);
        request.response_min = Rcpp::NumericVector(response)[0];
        request.response_max = Rcpp::NumericVector(response)[1];
        request.scales = scale_requests(scales);
        if (!Rf_isNull(reversed)) request.reversed = item_entries(reversed, "reversed");
        if (auto given = labels_of(labels)) request.labels = std::move(*given);
        const runtime_instrument defined = alliance::define_instrument(request, tb::binding_spelling);
        // labels that could never be read (a label that is a number or a default missing code)
        tb::check_labels(tb::response_codes{.labels = defined.labels()}, defined.item_count(), tb::binding_spelling);
        return key_text_source(defined);
    });
}

// An instrument as a key file's text (save_key): read back, it is the same instrument, with its
// cut-offs, norms, bands, item columns and answer labels.
// [[Rcpp::export(.cpp_key_text)]]
std::string cpp_key_text(std::string kind, std::string value) {
    return guarded([&] { return alliance::to_key_file_json(make_instrument(kind, value)); });
}

// ---------------------------------------------------------------------------------------------
// Long data (score_long): one row per answer. The grouping into records, which item a cell
// names, every check and message are the table layer's (alliance/table/long_format.hpp).

namespace {

std::string one_column_name(SEXP value, std::string_view name) {
    return one_text(value, name, "one column name");
}

tb::long_layout long_layout_of(SEXP record, SEXP item, SEXP value) {
    tb::long_layout layout;
    if (TYPEOF(record) != STRSXP || OBJECT(record) || Rf_xlength(record) == 0)
        tb::wrong_argument("record", "the names of the record's key columns", shown(record), tb::binding_spelling);
    for (R_xlen_t i = 0; i < Rf_xlength(record); ++i) {
        if (STRING_ELT(record, i) == NA_STRING)
            tb::wrong_argument("record", "the names of the record's key columns", "NA in element " + std::to_string(i + 1),
                               tb::binding_spelling);
        layout.record.emplace_back(CHAR(STRING_ELT(record, i)));
    }
    layout.item = one_column_name(item, "item");
    layout.value = one_column_name(value, "value");
    tb::check_long_layout(layout, tb::binding_spelling);
    return layout;
}

// A column of texts as cells (NA: missing), views into R's strings.
std::optional<std::string_view> text_cell(SEXP texts, std::size_t row) {
    const SEXP text = STRING_ELT(texts, static_cast<R_xlen_t>(row));
    if (text == NA_STRING) return std::nullopt;
    return std::string_view(CHAR(text), static_cast<std::size_t>(Rf_length(text)));
}

// The value column as texts, the form the table layer reads long cells in: a text column as it
// is; numbers as their shortest exact text (read back to the same number); NA, and a value the
// column declares missing, as no cell (missing).
class long_values {
public:
    long_values(SEXP column, const tb::user_missing& declared) : column_(column) {
        if (TYPEOF(column) == STRSXP) {
            if (declared.empty()) return;
            for (R_xlen_t r = 0; r < Rf_xlength(column); ++r)
                if (const auto cell = text_cell(column, static_cast<std::size_t>(r)); cell && declared.contains(*cell))
                    blank_.push_back(static_cast<std::size_t>(r));
            return;
        }
        const Rcpp::NumericVector numbers(column);  // integers converted, NA kept
        texts_.resize(static_cast<std::size_t>(numbers.size()));
        given_.resize(texts_.size());
        for (R_xlen_t r = 0; r < numbers.size(); ++r) {
            const double x = numbers[r];
            if (R_IsNA(x) || declared.contains(x)) continue;
            texts_[static_cast<std::size_t>(r)] = std::isnan(x) ? std::string("NaN") : format_value(x);
            given_[static_cast<std::size_t>(r)] = 1;
        }
    }
    [[nodiscard]] std::optional<std::string_view> at(std::size_t row) const {
        if (TYPEOF(column_) == STRSXP) {
            if (std::binary_search(blank_.begin(), blank_.end(), row)) return std::nullopt;
            return text_cell(column_, row);
        }
        if (!given_[row]) return std::nullopt;
        return std::string_view(texts_[row]);
    }
    // The cell as a message shows it.
    [[nodiscard]] std::string text(std::uint64_t row) const {
        const auto cell = at(static_cast<std::size_t>(row));
        return cell ? std::string(*cell) : std::string();
    }

private:
    SEXP column_;
    std::vector<std::string> texts_;
    std::vector<unsigned char> given_;
    std::vector<std::size_t> blank_;  // rows of a text column that hold a declared missing text
};

}  // namespace

// The long layout (record=, item=, value=) checked by the table layer and found among the data's
// column names: the names, record's first.
// [[Rcpp::export(.cpp_long_columns)]]
std::vector<std::string> cpp_long_columns(SEXP record, SEXP item, SEXP value, std::vector<std::string> header) {
    return guarded([&] {
        const tb::long_layout layout = long_layout_of(record, item, value);
        std::vector<std::string> names = layout.record;
        names.push_back(layout.item);
        names.push_back(layout.value);
        (void)tb::locate_columns(std::span<const std::string>(header), std::span<const std::string>(names));
        return names;
    });
}

// Scores long data (alliance/table/long_format.hpp: group_long, score_long): `keys` the record's
// key columns as texts (NA missing), `items_cells` the item column as texts, `values` the value
// column (numbers or texts; `declared` its declared missing values), `names` the layout
// (.cpp_long_columns). One row per record, in the order of its first row: list(first_row (from
// 1), scores (as .cpp_score's)). `labels` names the input rows in messages.
// [[Rcpp::export(.cpp_score_long)]]
Rcpp::List cpp_score_long(std::string kind, std::string value, Rcpp::List keys, Rcpp::CharacterVector item_column,
                          SEXP values, SEXP declared, std::vector<std::string> names, SEXP items, SEXP answer_labels,
                          Rcpp::Nullable<Rcpp::NumericVector> min_answered, int threads,
                          std::vector<std::string> missing_codes, std::vector<std::string> na_codes, SEXP labels) {
    return guarded([&]() -> Rcpp::List {
        const runtime_instrument instrument = make_instrument(kind, value);
        tb::long_request request;
        request.layout.record.assign(names.begin(), names.end() - 2);
        request.layout.item = names[names.size() - 2];
        request.layout.value = names.back();
        const std::optional<tb::item_spec> given = given_items(items);
        request.items = tb::long_items(std::string(instrument.id()), instrument.item_count(),
                                       tb::long_item_names(given ? &*given : nullptr, instrument.item_columns(),
                                                           instrument.item_count(), tb::binding_spelling));
        request.codes = codes_for(instrument, std::move(missing_codes), std::move(na_codes), answer_labels);
        request.naming = tb::row_labels([labels](std::uint64_t r) { return row_label(labels, r); });
        const std::size_t rows = static_cast<std::size_t>(item_column.size());
        const long_values cells(values, declared_of(declared));
        std::vector<SEXP> key_columns;
        for (R_xlen_t k = 0; k < keys.size(); ++k) key_columns.push_back(keys[k]);
        const tb::long_groups groups = tb::group_long(
            rows, [&](std::size_t r, std::size_t k) { return text_cell(key_columns[k], r); },
            [&](std::size_t r) { return text_cell(item_column, r); }, [&](std::size_t r) { return cells.at(r); },
            request);
        tb::score_request scoring;
        scoring.threads = static_cast<unsigned>(std::max(threads, 1));
        scoring.interrupt = r_interrupt;
        if (min_answered.isNotNull())
            scoring.missing_override =
                alliance::missing_rule::prorate_min_fraction(Rcpp::NumericVector(min_answered)[0], "min_answered");
        r_score_columns out(instrument.scales(), static_cast<R_xlen_t>(groups.records()));
        tb::score_messages messages;
        static_cast<tb::score_outcome&>(messages) = tb::score_long(
            instrument, groups, request, scoring, out.columns, [&](std::uint64_t row) { return cells.text(row); },
            [&](std::size_t r, std::string&& text) {
                messages.rows.push_back(r);
                messages.texts.push_back(std::move(text));
            });
        Rcpp::IntegerVector first_row(static_cast<R_xlen_t>(groups.records()));
        for (std::size_t r = 0; r < groups.records(); ++r)
            first_row[static_cast<R_xlen_t>(r)] = static_cast<int>(groups.first_row[r]) + 1;
        return Rcpp::List::create(Rcpp::_["first_row"] = first_row,
                                  Rcpp::_["scores"] = out.finish(instrument.scales(), messages));
    });
}
