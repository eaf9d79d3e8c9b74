// The Python binding's only C++ translation unit. Every call into the alliance C++ API lives in
// this file, so a renamed library function is a change here and nowhere else. The binding only
// converts data and calls the library: every scoring rule, check and message is the library's.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <filesystem>
#include <system_error>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <limits>
#include <string>
#include <type_traits>
#include <exception>
#include <iterator>
#include <utility>
#include <vector>

#include <unordered_map>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <alliance/alliance.hpp>
#include <alliance/batch.hpp>
#include <alliance/explain.hpp>
#include <alliance/key_file.hpp>
#include <alliance/stats.hpp>
#include <alliance/table.hpp>
#include <alliance/table/cells.hpp>
#include <alliance/table/change_picture.hpp>
#include <alliance/table/columns.hpp>
#include <alliance/table/compare.hpp>
#include <alliance/table/score_table.hpp>
#include <alliance/table/reliability.hpp>
#include <alliance/table/block.hpp>
#include <alliance/table/column_type.hpp>
#include <alliance/table/option_checks.hpp>
#include <alliance/table/pictures.hpp>
#include <alliance/table/data_shapes.hpp>
#include <alliance/table/item_spec.hpp>
#include <alliance/table/long_format.hpp>
#include <alliance/table/stat_format.hpp>
#include <alliance/define_instrument.hpp>
#include <alliance/key_file_reader.hpp>
#include <alliance/key_file_writer.hpp>
#include <alliance/response_labels.hpp>
#include <alliance/version.hpp>
#include <alliance/tracking.hpp>
#if defined(ALLIANCE_HAVE_READSTAT)
#include <alliance/table/stat_file.hpp>
#endif

namespace py = pybind11;
using alliance::runtime_instrument;

namespace {

// ---------------------------------------------------------------------------------------------
// Instruments

// A built-in instrument, with the catalogue's cut-offs, norms and bands.
runtime_instrument builtin(const std::string& id) {
    auto found = alliance::builtin_instrument(id);  // a KeyError, as Python's lookups raise
    if (!found) throw py::key_error(alliance::table::unknown_instrument_message(id));
    return std::move(*found);
}

std::vector<std::string> builtin_ids() {
    std::vector<std::string> ids;
    for (const auto& entry : alliance::catalogue()) ids.emplace_back(entry.definition.about.id);
    return ids;
}

std::vector<std::string> scale_names(const runtime_instrument& inst) {
    std::vector<std::string> names;
    for (const auto& entry : inst.scales()) names.emplace_back(entry.name);
    return names;
}

// The column stems of the driver's score table (alliance::column_stem).
std::vector<std::string> column_stems(const runtime_instrument& inst) {
    std::vector<std::string> stems;
    for (const auto& entry : inst.scales()) stems.push_back(alliance::column_stem(entry.name));
    return stems;
}

py::dict response_scale_of(const runtime_instrument& inst) {
    const alliance::response_scale& scale = inst.response_format();
    py::dict out;
    out["type"] = scale.type == alliance::scale_type::likert ? "likert" : "visual analogue";
    out["min"] = scale.min;
    out["max"] = scale.max;
    out["resolution"] = scale.resolution;
    out["not_applicable"] = scale.allows_not_applicable;
    return out;
}

std::vector<alliance::response> to_responses(const std::vector<std::optional<double>>& values,
                                             const std::vector<bool>& not_applicable) {
    std::vector<alliance::response> record(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i < not_applicable.size() && not_applicable[i]) record[i] = alliance::not_applicable;
        else if (values[i] && !std::isnan(*values[i])) record[i] = *values[i];
        else record[i] = alliance::missing;
    }
    return record;
}

// ---------------------------------------------------------------------------------------------
// Scoring many records

// Reads a 2-D float64 array through its strides (C, Fortran or any other layout: no copy).
struct strided_matrix {
    const char* base = nullptr;
    py::ssize_t rows = 0, columns = 0, row_stride = 0, column_stride = 0;
    double at(py::ssize_t r, py::ssize_t c) const noexcept {
        double x;
        std::memcpy(&x, base + r * row_stride + c * column_stride, sizeof x);
        return x;
    }
};

strided_matrix matrix_of(const py::array& values, std::size_t item_count) {
    if (values.ndim() != 2) throw py::value_error("responses must be a 2-D array (records x items)");
    if (!values.dtype().is(py::dtype::of<double>())) throw py::type_error("responses must be float64");
    if (static_cast<std::size_t>(values.shape(1)) != item_count)
        throw py::value_error("responses have " + std::to_string(values.shape(1)) +
                              " columns; the instrument has " + std::to_string(item_count) + " items");
    return {static_cast<const char*>(values.data()), values.shape(0), values.shape(1), values.strides(0),
            values.strides(1)};
}

// One item column read in place through its stride: float64 (NaN = missing) or a whole-number
// dtype (int64, int32, int16, int8: no missing values), so neither a DataFrame's columns nor
// an array's need converting or copying.
struct item_column {
    enum class kind : std::uint8_t { f64, i64, i32, i16, i8 };
    const char* base = nullptr;
    py::ssize_t stride = 0;
    kind type = kind::f64;
    double at(py::ssize_t r) const noexcept {
        const char* p = base + r * stride;
        switch (type) {
            case kind::f64: { double x; std::memcpy(&x, p, sizeof x); return x; }
            case kind::i64: { std::int64_t x; std::memcpy(&x, p, sizeof x); return static_cast<double>(x); }
            case kind::i32: { std::int32_t x; std::memcpy(&x, p, sizeof x); return x; }
            case kind::i16: { std::int16_t x; std::memcpy(&x, p, sizeof x); return x; }
            case kind::i8: { std::int8_t x; std::memcpy(&x, p, sizeof x); return x; }
        }
        return 0;
    }
};

std::vector<item_column> columns_of(const std::vector<py::array>& columns, std::size_t item_count, py::ssize_t& rows) {
    if (columns.size() != item_count)
        throw py::value_error(std::to_string(columns.size()) + " item columns given; the instrument has " +
                              std::to_string(item_count) + " items");
    std::vector<item_column> out;
    rows = columns.empty() ? 0 : columns.front().shape(0);
    for (const py::array& column : columns) {
        if (column.ndim() != 1 || column.shape(0) != rows)
            throw py::value_error("item columns must be 1-D and of the same length");
        item_column c{static_cast<const char*>(column.data()), column.strides(0), item_column::kind::f64};
        const py::dtype t = column.dtype();
        if (t.is(py::dtype::of<double>())) c.type = item_column::kind::f64;
        else if (t.is(py::dtype::of<std::int64_t>())) c.type = item_column::kind::i64;
        else if (t.is(py::dtype::of<std::int32_t>())) c.type = item_column::kind::i32;
        else if (t.is(py::dtype::of<std::int16_t>())) c.type = item_column::kind::i16;
        else if (t.is(py::dtype::of<std::int8_t>())) c.type = item_column::kind::i8;
        else throw py::type_error("item columns must be float64 or a signed integer dtype");
        out.push_back(c);
    }
    return out;
}

// The item columns of score() as Python holds them, for the table layer's scoring
// (alliance/table/score_table.hpp; see Source there): float64 or whole-number columns read in
// place through their strides, a not-applicable mask, the cells that are no answer (text
// already read in Python, as (row, item) pairs). Read in place when every column is a float64
// view of one 2-D block with one spacing between columns (a DataFrame's consolidated float
// block, a float64 array) and nothing is masked; otherwise converted block by block.
class python_cells {
public:
    python_cells(std::vector<item_column> x, std::size_t rows, std::optional<strided_matrix> mask,
                 const std::vector<std::pair<std::size_t, std::size_t>>& unreadable, py::object cell_text)
        : x_(std::move(x)), rows_(rows), mask_(mask), unreadable_(unreadable.begin(), unreadable.end()),
          cell_text_(std::move(cell_text)) {
        const std::size_t k = x_.size();
        bool in_place = !mask_ && k > 0 && rows_ > 0;
        for (std::size_t i = 0; in_place && i < k; ++i)
            in_place = x_[i].type == item_column::kind::f64 && x_[i].stride == x_[0].stride && x_[i].stride > 0 &&
                       x_[i].stride % 8 == 0 &&
                       (i == 0 || (x_[i].base - x_[i - 1].base == x_[1].base - x_[0].base &&
                                   (x_[1].base - x_[0].base) % 8 == 0 && x_[1].base > x_[0].base));
        if (in_place) {
            data_ = reinterpret_cast<const double*>(x_[0].base);
            record_stride_ = static_cast<std::size_t>(x_[0].stride / 8);
            item_stride_ = k > 1 ? static_cast<std::size_t>((x_[1].base - x_[0].base) / 8) : 1;
        }
        std::sort(unreadable_.begin(), unreadable_.end());
        if (!unreadable_.empty()) {
            forced_.assign(rows_, 0);
            for (const auto& cell : unreadable_) forced_.at(cell.first) = 1;
        }
        if (mask_ && rows_ > 0) find_not_applicable_code();
    }

    [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
    [[nodiscard]] alliance::batch_codes block_codes() const noexcept { return {true, std::nullopt, na_code_}; }
    alliance::response_matrix block(std::size_t first, std::size_t count, std::vector<double>& buffer,
                                    unsigned char* error) const {
        if (!forced_.empty())
            for (std::size_t r = 0; r < count; ++r) error[r] = forced_[first + r];
        const std::size_t k = x_.size();
        if (data_ != nullptr) return {data_ + first * record_stride_, count, k, record_stride_, item_stride_};
        buffer.resize(count * k);
        for (std::size_t i = 0; i < k; ++i) {
            double* column = buffer.data() + i * count;
            for (std::size_t r = 0; r < count; ++r)
                column[r] = masked(first + r, i) ? *na_code_ : x_[i].at(static_cast<py::ssize_t>(first + r));
        }
        return alliance::response_matrix::column_major(buffer.data(), count, k);
    }
    [[nodiscard]] alliance::response answer(std::size_t r, std::size_t i) const {
        if (masked(r, i)) return alliance::not_applicable;
        const double value = x_[i].at(static_cast<py::ssize_t>(r));
        return std::isnan(value) ? alliance::response(alliance::missing) : alliance::response(value);
    }
    [[nodiscard]] bool unreadable(std::size_t r, std::size_t i) const {
        return std::binary_search(unreadable_.begin(), unreadable_.end(), std::pair(r, i));
    }
    // The cell as score() shows it (`cell_text(row, item)`, with the GIL held).
    [[nodiscard]] std::string text(std::size_t r, std::size_t i) const {
        if (cell_text_.is_none()) return alliance::detail::format_number(x_[i].at(static_cast<py::ssize_t>(r)));
        return py::str(cell_text_(r, i));
    }

private:
    [[nodiscard]] bool masked(std::size_t r, std::size_t i) const noexcept {
        return mask_ && mask_->base[static_cast<py::ssize_t>(r) * mask_->row_stride +
                                    static_cast<py::ssize_t>(i) * mask_->column_stride] != 0;
    }
    // "Does not apply" travels as a code: a number no cell holds.
    void find_not_applicable_code() {
        const double candidates[] = {-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                                     std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max()};
        for (const double candidate : candidates) {
            bool used = false;
            for (std::size_t i = 0; i < x_.size() && !used; ++i)
                for (std::size_t r = 0; r < rows_ && !used; ++r) used = x_[i].at(static_cast<py::ssize_t>(r)) == candidate;
            if (!used) {
                na_code_ = candidate;
                return;
            }
        }
        throw std::runtime_error("no free code for 'does not apply'");
    }

    std::vector<item_column> x_;
    std::size_t rows_;
    std::optional<strided_matrix> mask_;
    std::vector<std::pair<std::size_t, std::size_t>> unreadable_;
    std::vector<unsigned char> forced_;  // per row: a cell is no answer
    py::object cell_text_;
    std::optional<double> na_code_;
    const double* data_ = nullptr;
    std::size_t record_stride_ = 1, item_stride_ = 1;
};

// Ctrl-C in a long call: the table layer asks on the calling thread (alliance/table/interrupt.hpp),
// which may have let the GIL go while threads score.
alliance::table::interrupt_check python_interrupt() {
    return [] {
        const py::gil_scoped_acquire hold;
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
    };
}

// The columnar results of scoring `n` rows (score_table, score_long) as score_block returns them:
// sum, mean, answered (-1: none), status (-1: none) per scale and row; row_status; message, an
// object column (NaN: no message), each message made a Python string as soon as it is written.
class scored_arrays {
public:
    scored_arrays(std::size_t scales, std::size_t n)
        : sums_({scales, n}), means_({scales, n}), answered_({scales, n}), status_({scales, n}),
          row_status_(static_cast<py::ssize_t>(n)),
          message_(py::dtype("object"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(n)}) {
        for (std::size_t s = 0; s < scales; ++s) {
            out_.sums.push_back(sums_.mutable_data() + s * n);
            out_.means.push_back(means_.mutable_data() + s * n);
            out_.answered.push_back(answered_.mutable_data() + s * n);
            out_.statuses.push_back(status_.mutable_data() + s * n);
        }
        out_.rows = row_status_.mutable_data();
        out_.no_value = std::numeric_limits<double>::quiet_NaN();
        out_.no_count = -1;
        out_.no_status = -1;
        cells_ = static_cast<PyObject**>(message_.mutable_data());
        const py::float_ none(std::nan(""));  // as pandas reads an empty text cell
        for (std::size_t r = 0; r < n; ++r) {
            Py_XDECREF(cells_[r]);
            cells_[r] = py::object(none).release().ptr();
        }
    }
    [[nodiscard]] const alliance::table::score_columns<std::int64_t, std::int8_t>& columns() const noexcept { return out_; }
    void put(std::size_t row, std::string&& text) {
        py::str held(text);
        std::string().swap(text);
        Py_XDECREF(cells_[row]);
        cells_[row] = held.release().ptr();
    }
    [[nodiscard]] py::dict dict(const alliance::table::score_outcome& outcome) const {
        py::dict result;
        result["sum"] = sums_;
        result["mean"] = means_;
        result["answered"] = answered_;
        result["status"] = status_;
        result["row_status"] = row_status_;
        result["message"] = message_;
        result["first_problem"] = outcome.errors ? py::object(py::str(outcome.first_problem)) : py::object(py::none());
        return result;
    }

private:
    py::array_t<double> sums_, means_;
    py::array_t<std::int64_t> answered_;
    py::array_t<std::int8_t> status_, row_status_;
    py::array message_;
    PyObject** cells_ = nullptr;
    alliance::table::score_columns<std::int64_t, std::int8_t> out_;
};

// Scores every row (NaN = missing; `na` true = "does not apply"; `unreadable` the (row, item)
// cells that are no answer) by the table layer (alliance/table/score_table.hpp), the GIL
// released while the rows are scored. Columnar results: sum, mean, answered (-1 in an error
// row), status (-1 in an error row) per scale and record; row status 0 ok, 1 partial, 2 error;
// message, an object column with each row's message (NaN: none; rows named "row <label(row)>",
// cells shown as cell_text(row, item) gives them; `missing`, `not_applicable` and `labels` the
// codes a message lists), each made a Python string as soon as it is written; first_problem, the
// first error row's first problem (None when no row is an error).
py::dict score_block(const runtime_instrument& inst, const std::vector<py::array>& values,
                     const std::optional<py::array>& na, std::optional<double> min_answered,
                     const std::vector<std::pair<std::size_t, std::size_t>>& unreadable, const py::object& label,
                     const py::object& cell_text, std::vector<std::string> item_names,
                     std::vector<std::string> missing, std::vector<std::string> not_applicable,
                     const std::optional<alliance::response_labels>& labels) {
    const std::size_t k = inst.item_count();
    py::ssize_t rows = 0;
    std::vector<item_column> x = columns_of(values, k, rows);
    std::optional<strided_matrix> mask;
    if (na) {
        if (na->ndim() != 2 || na->shape(0) != rows || na->shape(1) != static_cast<py::ssize_t>(k) ||
            !na->dtype().is(py::dtype::of<bool>()))
            throw py::value_error("the not-applicable mask must be a bool array shaped like the responses");
        mask = strided_matrix{static_cast<const char*>(na->data()), na->shape(0), na->shape(1), na->strides(0),
                              na->strides(1)};
    }
    const auto n = static_cast<std::size_t>(rows);
    const python_cells cells(std::move(x), n, mask, unreadable, cell_text);
    alliance::table::score_request request;
    if (min_answered)
        request.missing_override = alliance::missing_rule::prorate_min_fraction(*min_answered, "min_answered");
    request.naming = alliance::table::row_labels(
        [&label](std::uint64_t row) -> std::string {
            return label.is_none() ? std::to_string(row) : std::string(py::str(label(row)));
        },
        "'");
    request.item_names = std::move(item_names);
    request.codes.missing = std::move(missing);
    request.codes.not_applicable = std::move(not_applicable);
    if (labels) request.codes.labels = *labels;

    request.interrupt = python_interrupt();
    scored_arrays scored(inst.scales().size(), n);
    const alliance::table::score_outcome outcome = alliance::table::score_table<py::gil_scoped_release>(
        inst, cells, request, scored.columns(), [&](std::size_t row, std::string&& text) { scored.put(row, std::move(text)); });
    return scored.dict(outcome);
}

// score(..., classify=True), as `alliance score --classify`: for each of the instrument's own
// cut-offs (a built-in's from the catalogue, a key file's from the file) a column named by its id (1 flagged, 0 not, -1 where the scale has no
// score), for each severity band table a column with the band's label (None: no score). The
// value compared is the scale's reported value (its canonical metric), from the block's sums
// and means (NaN where not scored).
std::vector<std::pair<std::string, py::object>> classify_block(const runtime_instrument& inst,
                                                               const py::array_t<double, py::array::forcecast>& sums,
                                                               const py::array_t<double, py::array::forcecast>& means) {
    std::vector<std::pair<std::string, py::object>> out;
    const auto scales = inst.scales();
    const auto scale_of = [&](std::string_view name) {
        for (std::size_t s = 0; s < scales.size(); ++s)
            if (scales[s].name == name) return s;
        throw py::value_error("cut-off or band table on scale '" + std::string(name) +
                              "', which the instrument does not have");
    };
    const auto n = static_cast<std::size_t>(sums.shape(1));
    auto sum = sums.unchecked<2>();
    auto mean = means.unchecked<2>();
    const auto value = [&](std::size_t s, std::size_t r) {
        const auto si = static_cast<py::ssize_t>(s);
        const auto ri = static_cast<py::ssize_t>(r);
        return scales[s].metric == alliance::metric::sum ? sum(si, ri) : mean(si, ri);
    };
    for (const alliance::cutoff& rule : inst.cutoffs()) {
        const std::size_t s = scale_of(rule.scale);
        py::array_t<std::int8_t> column(static_cast<py::ssize_t>(n));
        std::int8_t* c = column.mutable_data();
        for (std::size_t r = 0; r < n; ++r) {
            const double v = value(s, r);
            c[r] = std::isnan(v) ? std::int8_t{-1} : static_cast<std::int8_t>(alliance::flags(rule, v) ? 1 : 0);
        }
        out.emplace_back(std::string(rule.id), std::move(column));
    }
    for (const alliance::severity_bands& table : inst.severity()) {
        const std::size_t s = scale_of(table.scale);
        py::list column(static_cast<py::ssize_t>(n));
        for (std::size_t r = 0; r < n; ++r) {
            const double v = value(s, r);
            const alliance::severity_band* band = std::isnan(v) ? nullptr : alliance::classify(table, v);
            column[r] = band != nullptr ? py::cast(std::string(band->label)) : py::none();
        }
        out.emplace_back(std::string(table.id), std::move(column));
    }
    return out;
}

// Every problem of one record (alliance::check), as (item, the library's message). Item 0 is
// the record as a whole (a wrong number of responses).
std::vector<std::pair<std::size_t, std::string>> record_problems(const runtime_instrument& inst,
                                                                  const std::vector<std::optional<double>>& values,
                                                                  const std::vector<bool>& not_applicable,
                                                                  const std::string& label) {
    const std::vector<alliance::response> record = to_responses(values, not_applicable);
    std::vector<std::pair<std::size_t, std::string>> out;
    for (const alliance::response_problem& problem : alliance::check(inst, record))
        out.emplace_back(problem.item, alliance::describe(problem, inst.view(), label));
    return out;
}

// ---------------------------------------------------------------------------------------------
// Statistics

namespace st = alliance::stats;

std::vector<std::string> rc_method_ids() {
    std::vector<std::string> ids;
    for (const auto method : st::all_rc_methods) ids.emplace_back(st::to_string(method));
    return ids;
}

namespace tb = alliance::table;

st::direction direction_of(const std::string& text) { return tb::direction_from(text, tb::binding_spelling); }

// How Python shows a value in a message: repr(), or for a long one (a list, a DataFrame) its type.
std::string shown(const py::handle& value) {
    std::string text = py::repr(value).attr("encode")("utf-8", "backslashreplace").cast<std::string>();
    if (text.size() <= 60 && text.find('\n') == std::string::npos) return text;
    return "a " + py::type::of(value).attr("__qualname__").cast<std::string>();
}

// A Python or numpy boolean (numpy.True_ is no subclass of bool).
bool is_boolean(const py::handle& value) {
    return PyBool_Check(value.ptr()) || py::isinstance(value, py::module_::import("numpy").attr("bool_"));
}

// One argument as a number: int, float or a numpy number; not a boolean (True is no answer or
// SD) and not text. With `finite`, as every option's number, NaN and infinities are refused too
// (tb::checked_finite). The message is the table layer's, with the argument's Python name.
double number_argument(const py::handle& value, std::string_view dashed, bool finite = true) {
    if (is_boolean(value) || py::isinstance<py::str>(value) || !PyNumber_Check(value.ptr()) ||
        PyComplex_Check(value.ptr()))
        tb::wrong_argument(dashed, "a number", shown(value), tb::binding_spelling);
    const double number = PyFloat_AsDouble(value.ptr());
    if (PyErr_Occurred()) {
        PyErr_Clear();
        tb::wrong_argument(dashed, "a number", shown(value), tb::binding_spelling);
    }
    return finite ? tb::checked_finite(number, dashed, shown(value), tb::binding_spelling) : number;
}

// The objects pandas and numpy use for a missing value: None, a float NaN, pd.NA, pd.NaT and
// numpy.ma.masked; and a real number among objects: a Python int (not a bool) or float, or a
// numpy integer or floating scalar (not numpy.bool_, not a complex). An integer beyond any double
// is no number here: its text is read, and the library finds it is none.
class object_kinds {
public:
    object_kinds()
        : na_(py::module_::import("pandas").attr("NA")), nat_(py::module_::import("pandas").attr("NaT")),
          masked_(py::module_::import("numpy").attr("ma").attr("masked")),
          integer_(py::module_::import("numpy").attr("integer")), floating_(py::module_::import("numpy").attr("floating")) {}
    [[nodiscard]] bool missing(PyObject* o) const {
        return o == Py_None || (PyFloat_Check(o) && std::isnan(PyFloat_AS_DOUBLE(o))) || o == na_.ptr() || o == nat_.ptr() ||
               o == masked_.ptr();
    }
    [[nodiscard]] std::optional<double> number(PyObject* o) const {
        if (PyBool_Check(o)) return std::nullopt;
        if (PyFloat_Check(o)) return PyFloat_AS_DOUBLE(o);
        const bool numpy_number = !PyLong_Check(o) && !PyUnicode_Check(o) &&
                                  (PyObject_IsInstance(o, integer_.ptr()) == 1 || PyObject_IsInstance(o, floating_.ptr()) == 1);
        if (!PyLong_Check(o) && !numpy_number) return std::nullopt;
        const double x = PyLong_Check(o) ? PyLong_AsDouble(o) : PyFloat_AsDouble(o);
        if (PyErr_Occurred()) {
            PyErr_Clear();
            return std::nullopt;
        }
        return x;
    }

private:
    py::object na_, nat_, masked_, integer_, floating_;
};

// The trace of one record (alliance::explain, described): `responses` in item order, each a
// number, None or NaN (missing) or a text read as a cell with the codes `missing` and
// `not_applicable` (alliance/table/response_list.hpp).
std::string explain_text(const runtime_instrument& inst, const py::list& responses, std::optional<double> min_answered,
                         const std::vector<std::string>& missing, const std::vector<std::string>& not_applicable) {
    std::vector<std::string> texts;  // the texts, alive while they are read
    texts.reserve(responses.size());
    std::vector<alliance::table::listed_answer> answers;
    const object_kinds kinds;
    // A number as it is (an answer out of range is listed); a missing value missing; a text, and
    // any other object (True, a complex number) by its text, read as a cell is.
    for (const py::handle value : responses) {
        if (kinds.missing(value.ptr())) {
            answers.emplace_back();
        } else if (const std::optional<double> number = kinds.number(value.ptr())) {
            answers.push_back({*number, std::nullopt});
        } else {
            texts.push_back(py::str(value).cast<std::string>());
            answers.push_back({std::nullopt, std::string_view(texts.back())});
        }
    }
    alliance::scoring_options options;
    if (min_answered) options.missing_override = alliance::missing_rule::prorate_min_fraction(*min_answered, "min_answered");
    const auto record = alliance::table::read_response_list(answers, {missing, not_applicable},
                                                            alliance::table::binding_spelling);
    return alliance::describe(alliance::explain(inst, record, options));
}

std::string text_argument(const py::handle& value, std::string_view dashed) {
    if (!py::isinstance<py::str>(value)) tb::wrong_argument(dashed, "text", shown(value), tb::binding_spelling);
    return value.cast<std::string>();
}

// A DataFrame's column name as the library compares it: its text (pandas allows any label).
std::string column_name(const py::handle& name) { return py::str(name).cast<std::string>(); }

// An option of a request from the keyword arguments as the package passes them on (None: not
// given), by the option's Python name.
template <class Field>
void read_option(const py::dict& options, std::string_view dashed, Field& field) {
    const std::string name = tb::binding_spelling.option(dashed);
    if (!options.contains(name) || options[name.c_str()].is_none()) return;
    const py::object value = options[name.c_str()];
    if constexpr (std::is_same_v<Field, std::optional<double>> || std::is_same_v<Field, double>) {
        field = number_argument(value, dashed);
    } else if constexpr (std::is_same_v<Field, bool>) {
        if (!is_boolean(value))
            tb::wrong_argument(dashed, "True or False", shown(value), tb::binding_spelling);
        field = value.cast<bool>();
    } else {
        field = text_argument(value, dashed);
    }
}

// A block of the table layer (alliance/table/block.hpp) as the package reads it: values
// (columns x rows), row_status (0 ok, 1 partial, 2 error), messages (row, message), columns,
// and the columns shown as yes/no.
py::dict block_dict(alliance::table::column_block block, std::span<const alliance::table::result_column> columns) {
    py::array_t<double> values({block.columns, block.rows});
    std::copy(block.values.begin(), block.values.end(), values.mutable_data());
    py::array_t<std::int8_t> status(static_cast<py::ssize_t>(block.rows));
    std::transform(block.status.begin(), block.status.end(), status.mutable_data(),
                   [](alliance::table::row_status s) { return static_cast<std::int8_t>(s); });
    std::vector<std::string> names, yes_no;
    py::dict categories;
    for (const auto& column : columns) {
        names.emplace_back(column.name);
        if (column.kind == alliance::table::column_kind::yes_no) yes_no.emplace_back(column.name);
        if (column.kind == alliance::table::column_kind::category)
            categories[py::str(std::string(column.name))] =
                std::vector<std::string>(column.labels.begin(), column.labels.end());
    }
    py::dict out;
    out["values"] = values;
    out["row_status"] = status;
    out["messages"] = std::move(block.messages);
    out["columns"] = names;
    out["yes_no"] = yes_no;
    out["categories"] = categories;
    return out;
}

// A vector's numbers as a numpy array, copied once (py::cast would make a list of Python
// objects first: 10 million of them for track's columns on 1,000,000 rows).
template <class T>
py::array_t<T> as_array(const std::vector<T>& values) {
    py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
    std::copy(values.begin(), values.end(), out.mutable_data());
    return out;
}

std::span<const double> one_d(const py::array_t<double, py::array::forcecast>& values, const char* name) {
    if (values.ndim() != 1) throw py::value_error(std::string(name) + " must be 1-D");
    return {values.data(), static_cast<std::size_t>(values.shape(0))};
}

// A single option checked by the table layer (alliance/table/option_checks.hpp); None stays None.
template <auto Check>
std::optional<double> checked_option(const py::object& value, const char* dashed) {
    if (value.is_none()) return std::nullopt;
    const double number = number_argument(value, dashed);
    return Check(number, tb::binding_spelling.value(number), tb::binding_spelling);
}

// Reliable change of every pre/post pair, as `alliance change` (alliance/table/change.hpp):
// the request's rules, the estimated parameters and the columns are the table layer's.
// ---------------------------------------------------------------------------------------------
// Pictures (alliance/table/pictures.hpp): what a picture shows is the library's; these read the
// packages' picture arguments: `asked` holds range (None or two numbers), title and label (None
// or a text) and the names drawn (clients or units: None, or texts).

std::optional<std::pair<double, double>> picture_range(const py::dict& asked) {
    const py::object range = asked["range"];
    if (range.is_none()) return std::nullopt;
    if (py::isinstance<py::str>(range) || !py::isinstance<py::sequence>(range) || py::len(range) != 2)
        tb::wrong_argument("range", "two numbers (LO, HI)", shown(range), tb::binding_spelling);
    const py::sequence pair = range;
    return tb::checked_range(number_argument(pair[0], "range"), number_argument(pair[1], "range"), shown(range),
                             tb::binding_spelling);
}

std::optional<std::string> picture_text(const py::dict& asked, const char* name) {
    if (asked[name].is_none()) return std::nullopt;
    return text_argument(asked[name], name);
}

std::vector<std::string> picture_names(const py::dict& asked, const char* name) {
    std::vector<std::string> names;
    if (asked[name].is_none()) return names;
    if (py::isinstance<py::str>(asked[name])) return {column_name(asked[name])};
    for (const py::handle item : asked[name].cast<py::iterable>()) names.push_back(column_name(item));
    return names;
}

// Pictures as (name, SVG) pairs, and the file each goes to in a directory (picture_file_stems).
py::list picture_list(const std::vector<tb::picture>& pictures) {
    std::vector<std::string> names;
    for (const tb::picture& p : pictures) names.push_back(p.name);
    const std::vector<std::string> stems = tb::picture_file_stems(names);
    py::list out;
    for (std::size_t i = 0; i < pictures.size(); ++i)
        out.append(py::make_tuple(pictures[i].name, pictures[i].svg, stems[i] + ".svg"));
    return out;
}

py::dict change_block(const py::array_t<double, py::array::forcecast>& pre,
                      const py::array_t<double, py::array::forcecast>& post, const py::dict& options,
                      const std::vector<std::string>& names, const std::optional<py::dict>& picture) {
    tb::change_request request;
    tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
    const tb::change_settings settings = tb::resolve(request, tb::direction_from(request.direction, tb::binding_spelling), tb::binding_spelling);
    const std::span<const double> x = one_d(pre, "pre"), y = one_d(post, "post");
    std::optional<tb::change_block_result> result;
    {
        py::gil_scoped_release release;
        result.emplace(tb::change_block(settings, x, y, {names.at(0), names.at(1)}));
    }
    if (picture) {  // plot_change: the Jacobson-Truax scatter of these rows (alliance/table/change_picture.hpp)
        alliance::plot::change_plot_options look;
        look.title = picture_text(*picture, "title").value_or("Reliable and clinically significant change");
        look.axis_label = picture_text(*picture, "label").value_or("score");
        if (const auto range = picture_range(*picture)) std::tie(look.min, look.max) = *range;
        py::dict out;
        out["pictures"] = picture_list({{"change", tb::change_picture(*result, x, y, look, tb::binding_spelling)}});
        return out;
    }
    py::dict out = block_dict(std::move(result->block), tb::change_columns(settings));
    py::dict estimated;
    const st::completed_parameters& completed = result->plan.completed;
    for (const auto parameter : completed.estimated.members())
        estimated[py::str(std::string(st::to_string(parameter)))] = *completed.parameters.get(parameter);
    out["estimated"] = estimated;
    out["notes"] = settings.notes;
    return out;
}

// ---------------------------------------------------------------------------------------------
// Split alliances, as `alliance split` (alliance/table/split.hpp): the request's rules, the
// grouping into units and sessions, every check and message, the columns and the ICC(1)
// summary are the table layer's. Here the package's columns are read and the rows laid out.

// A key column (client, session, unit, member) as the package passes it: an object column of
// any cells. A text is viewed where it lives; None and a float NaN are missing; any other object
// (a number, a date) is its str(), kept here.
struct key_column {
    std::deque<std::string> converted;
    std::vector<std::optional<std::string_view>> cells;
};

key_column key_cells(const py::array& objects, const char* name) {
    if (objects.ndim() != 1 || objects.dtype().kind() != 'O')
        throw py::value_error(std::string(name) + ": an object column is needed");
    key_column out;
    const auto n = static_cast<std::size_t>(objects.shape(0));
    const auto stride = objects.strides(0);
    const auto* base = static_cast<const char*>(objects.data());
    out.cells.resize(n);
    const object_kinds objects_are;
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* object = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
        if (objects_are.missing(object)) continue;
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_Check(object) ? PyUnicode_AsUTF8AndSize(object, &size) : nullptr;
        if (utf8 == nullptr) {  // not a text, or one with a lone surrogate: its str(), shown with escapes
            PyErr_Clear();
            const py::bytes text = py::str(py::handle(object)).attr("encode")("utf-8", "backslashreplace");
            out.converted.push_back(text.cast<std::string>());
            out.cells[i] = out.converted.back();
            continue;
        }
        out.cells[i] = std::string_view(utf8, static_cast<std::size_t>(size));
    }
    return out;
}

// The score column: texts (None missing), read as every cell is (alliance/table/cells.hpp), or
// numbers (NaN missing; an infinite one shown as Python shows it).
// The cells view the texts they were read from: `texts` holds them as long as the cells are used.
std::vector<tb::score_cell> score_cells(const py::array& column, key_column& texts) {
    std::vector<tb::score_cell> cells;
    if (column.dtype().kind() == 'O') {
        const tb::response_reader reader{tb::response_codes{}};
        texts = key_cells(column, "score");
        for (const auto& text : texts.cells)
            cells.push_back(text ? tb::read_score(*text, reader) : tb::score_cell{});
        return cells;
    }
    const py::array_t<double, py::array::forcecast> held(column);  // a converted copy lives here
    for (const double x : one_d(held, "score"))
        cells.push_back(std::isnan(x) ? tb::score_cell{} : tb::score_cell{tb::cell_kind::number, x, x < 0 ? "-inf" : "inf"});
    return cells;
}

// The cells a table-layer request writes (alliance/table/output_columns.hpp), one array per
// column: numbers float64 (NaN empty); counts int64 with a mask of the empty ones; input rows
// int64 (-1 empty); texts objects (NaN empty, as pandas reads an empty text cell, and an empty
// message), each distinct text made into one Python string (a million rows hold a few distinct
// flags and statuses).
class column_arrays {
public:
    explicit column_arrays(std::vector<tb::output_column> columns)
        : columns_(std::move(columns)), numbers_(columns_.size()), empty_(columns_.size()), texts_(columns_.size()) {}
    void text(std::string_view x) {
        if (x.empty() && columns_[at_].name == "message") return empty();
        auto [found, added] = words_.try_emplace(std::string(x), static_cast<std::int64_t>(words_.size()));
        if (added) dictionary_.push_back(&found->first);
        put(0, false, found->second);
    }
    void integer(long long x) { put(static_cast<double>(x), false, 0); }
    void number(double x) { put(x, false, 0); }
    void input_row(std::uint64_t row) { put(static_cast<double>(row), false, 0); }
    void flag(bool x) { put(x ? 1 : 0, false, 0); }
    void empty() { put(std::nan(""), true, -1); }
    void next_row() { at_ = 0; }

    // columns: (name, kind, values, mask) in order; kind "number", "count", "row", "flag" or "text".
    [[nodiscard]] py::dict dict() const {
        std::vector<py::object> strings;
        for (const std::string* word : dictionary_) strings.push_back(py::str(*word));
        py::list columns;
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            const auto n = static_cast<py::ssize_t>(empty_[c].size());
            py::array_t<bool> mask(n);
            std::copy(empty_[c].begin(), empty_[c].end(), mask.mutable_data());
            py::object values;
            switch (columns_[c].content) {
                case tb::column_content::text: {
                    py::array objects(py::dtype("object"), std::vector<py::ssize_t>{n});
                    auto* cell = static_cast<PyObject**>(objects.mutable_data());
                    for (py::ssize_t r = 0; r < n; ++r) {
                        const std::int64_t word = texts_[c][static_cast<std::size_t>(r)];
                        py::object value = word >= 0 ? strings[static_cast<std::size_t>(word)] : py::float_(std::nan(""));
                        Py_XDECREF(cell[r]);
                        cell[r] = value.release().ptr();
                    }
                    values = objects;
                    break;
                }
                case tb::column_content::number: values = as_array(numbers_[c]); break;
                case tb::column_content::flag: {
                    py::array_t<bool> flags(n);
                    for (py::ssize_t r = 0; r < n; ++r) flags.mutable_data()[r] = numbers_[c][static_cast<std::size_t>(r)] == 1;
                    values = flags;
                    break;
                }
                default: {
                    std::vector<std::int64_t> whole(numbers_[c].size());
                    for (std::size_t r = 0; r < whole.size(); ++r)
                        whole[r] = empty_[c][r] ? -1 : static_cast<std::int64_t>(numbers_[c][r]);
                    values = as_array(whole);
                }
            }
            const char* kind = columns_[c].content == tb::column_content::text     ? "text"
                               : columns_[c].content == tb::column_content::number ? "number"
                               : columns_[c].content == tb::column_content::count  ? "count"
                               : columns_[c].content == tb::column_content::flag   ? "flag"
                                                                                   : "row";
            columns.append(py::make_tuple(std::string(columns_[c].name), kind, values, mask));
        }
        py::dict out;
        out["columns"] = columns;
        return out;
    }

private:
    void put(double number, bool empty, std::int64_t word) {
        numbers_[at_].push_back(number);
        empty_[at_].push_back(empty);
        texts_[at_].push_back(word);
        ++at_;
    }
    std::vector<tb::output_column> columns_;
    std::vector<std::vector<double>> numbers_;
    std::vector<std::vector<bool>> empty_;
    std::vector<std::vector<std::int64_t>> texts_;
    std::unordered_map<std::string, std::int64_t> words_;
    std::vector<const std::string*> dictionary_;  // words_' keys by their number (node keys do not move)
    std::size_t at_ = 0;
};

// `options`: the column names and options by their Python names (None: not given); `labels`
// the rows' labels (the DataFrame's index), for the messages.
py::dict split_table(const py::array& unit, const py::object& session, const py::array& member, const py::array& score,
                     const py::dict& options, bool summary, const py::object& labels,
                     const std::optional<py::dict>& picture) {
    tb::split_request request;
    tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
    request.summary = summary;
    const tb::split_settings settings = tb::resolve(request, tb::binding_spelling);
    const key_column units = key_cells(unit, "unit");
    const key_column sessions = session.is_none() ? key_column{} : key_cells(session.cast<py::array>(), "session");
    const key_column members = key_cells(member, "member");
    key_column score_texts;
    const auto scores = score_cells(score, score_texts);
    const tb::row_naming rows =
        tb::row_labels([&](std::uint64_t row) { return py::str(labels[py::int_(row)]).cast<std::string>(); });
    if (picture) {  // plot_split_alliance: each unit's members by session (alliance/table/pictures.hpp)
        alliance::plot::split_options look;
        look.title = picture_text(*picture, "title").value_or("unit");
        look.y_label = picture_text(*picture, "label").value_or(settings.score_column);
        if (const auto range = picture_range(*picture)) std::tie(look.y_min, look.y_max) = *range;
        const std::vector<std::string> only = picture_names(*picture, "units");
        py::dict out;
        out["pictures"] = picture_list(tb::split_pictures({units.cells, sessions.cells, members.cells, scores}, look, only));
        return out;
    }
    const tb::split_table table = tb::split_block({units.cells, sessions.cells, members.cells, scores}, settings, rows);
    column_arrays out(settings.summary ? tb::split_summary_columns(settings) : tb::split_unit_columns(settings));
    tb::put_split_table(out, table, settings);
    return out.dict();
}

// Row labels of the package's rows for a table-layer message ("row c003"): the index's labels.
tb::row_naming index_labels(const py::object& labels) {
    return tb::row_labels([labels](std::uint64_t row) { return py::str(labels[py::int_(row)]).cast<std::string>(); });
}

// The six Shrout & Fleiss ICCs, as `alliance icc` (alliance/table/reliability.hpp): the options'
// rules, which rows are used, the status and message are the table layer's. `values`: one float64
// column per rater (NaN: missing); `kinds`: per column None, or each cell's kind as
// read_object_column reads a text (0 number, 1 missing, 3 no rating); `labels` the rows' labels.
py::dict icc_table(const std::vector<py::array_t<double, py::array::forcecast>>& values,
                   const std::vector<std::optional<py::array_t<std::int8_t, py::array::forcecast>>>& kinds,
                   const py::dict& options, const py::object& labels) {
    tb::icc_request request{values.size()};
    tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
    const tb::icc_settings settings = tb::resolve(request, tb::binding_spelling);
    std::vector<std::vector<tb::cell_kind>> cell_kinds(values.size());
    std::vector<tb::rating_column> columns;
    for (std::size_t c = 0; c < values.size(); ++c) {
        if (c < kinds.size() && kinds[c])
            for (const std::int8_t kind : std::span(kinds[c]->data(), static_cast<std::size_t>(kinds[c]->size())))
                cell_kinds[c].push_back(static_cast<tb::cell_kind>(kind));
        columns.push_back({one_d(values[c], "ratings"), cell_kinds[c]});
    }
    const tb::icc_result result = tb::icc_block(columns, settings, index_labels(labels));
    column_arrays out(tb::icc_columns());
    tb::put_icc_table(out, result);
    return out.dict();
}

// Alpha of every scale, as `alliance reliability` (alliance/table/reliability.hpp): the options'
// rules, the listwise drops, the status and message of each row are the table layer's. `values`
// a float64 matrix of every row (NaN: missing; `na` true: "does not apply"); `unreadable` the
// rows with a cell that is no answer; rows are named by `labels`.
py::dict reliability_table(const runtime_instrument& inst, const py::array& values, const std::optional<py::array>& na,
                           const py::array_t<bool, py::array::forcecast>& unreadable, const py::dict& options,
                           bool item_detail, const py::object& labels) {
    tb::reliability_request request;
    tb::for_each_option(request, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
    request.item_detail = item_detail;
    const tb::reliability_settings settings = tb::resolve(request, tb::binding_spelling);
    const strided_matrix x = matrix_of(values, inst.item_count());
    std::vector<std::vector<alliance::response>> records(static_cast<std::size_t>(x.rows),
                                                         std::vector<alliance::response>(inst.item_count()));
    for (py::ssize_t r = 0; r < x.rows; ++r)
        for (py::ssize_t c = 0; c < x.columns; ++c) {
            const double v = x.at(r, c);
            const bool not_applicable = na && *static_cast<const bool*>(na->data(r, c));
            records[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)] =
                not_applicable ? alliance::not_applicable : std::isnan(v) ? alliance::missing : alliance::response(v);
        }
    const tb::reliability_table table =
        tb::reliability_block(inst.view(), records,
                              std::span(unreadable.data(), static_cast<std::size_t>(unreadable.size())),
                              settings, index_labels(labels));
    column_arrays out(tb::reliability_columns(settings));
    tb::put_reliability_table(out, table.scales, settings);
    return out.dict();
}

// ---------------------------------------------------------------------------------------------
// Published norms (catalogue) and the other modes of `alliance compare`


// Per row of equally long inputs, through the table layer's block rule (alliance/table/block.hpp).
template <class Cells>
py::dict run_rows(const std::vector<py::array_t<double, py::array::forcecast>>& inputs,
                  const std::vector<std::string>& names, std::span<const alliance::table::result_column> columns,
                  Cells cells) {
    std::vector<std::span<const double>> spans;
    for (const auto& input : inputs) spans.push_back(one_d(input, "each input"));
    alliance::table::require_equal_lengths(spans);
    const std::vector<std::string_view> name_views(names.begin(), names.end());
    alliance::table::column_block block;
    {
        py::gil_scoped_release release;
        block = alliance::table::map_block(spans, name_views, columns.size(), cells, python_interrupt());
    }
    return block_dict(std::move(block), columns);
}

// Every score against a norm, as `alliance compare`: the options resolved by the table layer
// (alliance/table/compare_options.hpp) into z and Crawford & Howell's test, the Bayesian test for
// a deficit, or (scores_b given) the standardised difference test of two tasks.
py::dict normative_compare_block(const py::array_t<double, py::array::forcecast>& scores,
                                 const std::optional<py::array_t<double, py::array::forcecast>>& scores_b,
                                 const py::dict& options, const std::vector<std::string>& names) {
    tb::compare_options o;
    tb::for_each_option(o, [&](std::string_view dashed, auto& field) { read_option(options, dashed, field); });
    o.two_tasks = scores_b.has_value();
    if (options.contains("seed") && !options["seed"].is_none()) {
        const py::object seed = options["seed"];
        if (PyBool_Check(seed.ptr()) || !PyLong_Check(seed.ptr())) tb::bad_seed(shown(seed), tb::binding_spelling);
        const unsigned long long value = PyLong_AsUnsignedLongLong(seed.ptr());
        if (PyErr_Occurred()) {
            PyErr_Clear();
            tb::bad_seed(shown(seed), tb::binding_spelling);
        }
        o.seed = value;
    }
    const tb::compare_plan plan = tb::resolve(o, tb::binding_spelling, python_interrupt());
    switch (plan.mode) {
        case tb::compare_mode::dissociation:
            return run_rows({scores, *scores_b}, names, tb::dissociation_result_columns,
                            [&](std::span<const double> x, std::span<double> out) {
                                tb::dissociation_cells(plan.two, x[0], x[1], out);
                            });
        case tb::compare_mode::bayesian:
            return run_rows({scores}, {names.at(0)}, tb::bayesian_result_columns,
                            [&](std::span<const double> x, std::span<double> out) {
                                tb::bayesian_cells(plan.bayesian, x[0], out);
                            });
        case tb::compare_mode::plain: break;
    }
    const std::span<const double> x = one_d(scores, "scores");
    tb::column_block block;
    {
        py::gil_scoped_release release;
        block = tb::compare_block(x, plan.plain, names.at(0));
    }
    return block_dict(std::move(block), tb::compare_columns(plan.plain));
}

// compare --equivalence: each row a treated group (mean, SD, n) against the normative group
// (alliance/table/compare.hpp). Booleans as 1/0.
py::dict equivalence_block(const py::array_t<double, py::array::forcecast>& means,
                           const py::array_t<double, py::array::forcecast>& sds,
                           const py::array_t<double, py::array::forcecast>& ns, double mean, double sd, double n,
                           std::optional<double> delta, std::optional<double> delta_sd, bool welch, double alpha,
                           const std::vector<std::string>& names) {
    const tb::equivalence_request request{{mean, sd, n}, delta, delta_sd,
                                          welch ? st::variance_model::welch : st::variance_model::pooled, alpha,
                                          names.at(1), names.at(2)};
    tb::check(request, tb::binding_spelling);
    return run_rows({means, sds, ns}, names, tb::equivalence_result_columns,
                    [&](std::span<const double> x, std::span<double> out) {
                        tb::equivalence_cells(request, x[0], x[1], x[2], out);
                    });
}

// ---------------------------------------------------------------------------------------------
// Tracking (alliance track): the options are read into the library's track_options, checked and
// applied by alliance/tracking/track.hpp as the command line's are; here only the conversions.

namespace tr = alliance::tracking;


// The options as track() was given them (alliance/__init__.py, _track_options): the rule names,
// summary, and the rules' parameters by their Python names.
tr::track_options track_options_of(const py::dict& options) {
    tr::track_options o;
    if (options.contains("rule")) o.rules = options["rule"].cast<std::vector<std::string>>();
    read_option(options, "summary", o.summary);
    tr::for_each_option(o, [&](std::string_view dashed, auto& field) {
        using type = std::decay_t<decltype(field)>;
        if constexpr (std::is_same_v<type, std::optional<std::string>> || std::is_same_v<type, std::optional<double>>) {
            read_option(options, dashed, field);
        } else {  // k: a name or a number
            const std::string name = tb::binding_spelling.option(dashed);
            if (!options.contains(name) || options[name.c_str()].is_none()) return;
            const py::object value = options[name.c_str()];
            if (py::isinstance<py::str>(value)) field = value.cast<std::string>();
            else field = number_argument(value, dashed);
        }
    });
    return o;
}

// The options checked and made into rules, as `alliance track` does; problems as ValueError.
tr::track_rules resolved_rules(const runtime_instrument& inst, std::size_t scale, const std::string& metric,
                               const py::dict& options) {
    return [&] {
        const alliance::metric used = tr::detail::choose("metric", metric, alliance::metric_names, tr::binding_spelling);
        return tr::resolve_rules(track_options_of(options), inst, scale, used,
                                 [](double c) { return st::critical_value::from_confidence(c); }, tr::binding_spelling);
    }();
}

// The check alone, before the records are scored.
void check_track_options(const runtime_instrument& inst, std::size_t scale, const std::string& metric,
                         const py::dict& options, const py::object& direction) {
    tb::check_track_columns(column_name(options["client"]), column_name(options["session"]), tb::binding_spelling);
    bool dates = false;
    read_option(options, "session-dates", dates);
    (void)direction_of(text_argument(direction, "direction"));
    (void)resolved_rules(inst, scale, metric, options);
}

// The scale `alliance track` follows: the named one, the total, or the only scale.
std::size_t tracked_scale(const runtime_instrument& inst, const std::optional<std::string>& scale) {
    return tr::tracked_scale(inst, scale, tr::binding_spelling);
}

std::string scale_metric(const runtime_instrument& inst, std::size_t scale) {
    return std::string(alliance::to_string(inst.scales()[scale].metric));
}

// Rows of one data set as `alliance track` lays them out (alliance/table/track.hpp): the rows'
// problems and messages, the grouping by client, the duplicate sessions, the summary's notes
// and counts are the table layer's. `client` an object column of texts (None: missing);
// `session` the same, or float64 from a numeric column; `status`, `message`, `score` score()'s
// row status (0 ok, 1 partial, 2 error), message (a text where the status is not ok) and the
// tracked scale's value; `labels` the rows' labels. The track columns per row, or the summary.
py::dict track_table(const runtime_instrument& inst, std::size_t scale, const std::string& metric,
                     const py::array& client, const py::array& session, const py::array_t<std::int8_t>& status,
                     const py::array& message, const py::array_t<double, py::array::forcecast>& score,
                     const py::object& direction, const py::dict& options, const py::object& labels) {
    tb::track_settings settings;
    settings.client_column = column_name(options["client"]);
    settings.session_column = column_name(options["session"]);
    read_option(options, "session-dates", settings.session_dates);
    read_option(options, "summary", settings.summary);
    settings.better = direction_of(text_argument(direction, "direction"));
    settings.rules = resolved_rules(inst, scale, metric, options);
    settings.interrupt = python_interrupt();
    if (options.contains("pictures")) {  // plot_trajectory: every client's trajectory as track analyses it
        const py::dict asked = options["pictures"];
        const alliance::metric used = tr::detail::choose("metric", metric, alliance::metric_names, tr::binding_spelling);
        settings.pictures = tb::trajectory_pictures{
            tb::trajectory_look(inst, scale, used, settings.rules, picture_range(asked),
                                picture_text(asked, "title").value_or(std::string(inst.view().about.name))),
            picture_names(asked, "clients")};
    }
    const key_column clients = key_cells(client, "client");
    const std::optional<py::array_t<double, py::array::forcecast>> numbers =
        session.dtype().kind() == 'O' ? std::nullopt : std::optional(py::array_t<double, py::array::forcecast>(session));
    const key_column session_texts = numbers ? key_column{} : key_cells(session, "session");
    const auto statuses = status.unchecked<1>();
    const auto n = static_cast<std::size_t>(statuses.shape(0));
    std::vector<tb::row_status> row_status(n);
    std::vector<std::string_view> messages(n);
    const key_column texts = key_cells(message, "message");
    for (std::size_t r = 0; r < n; ++r) {
        row_status[r] = static_cast<tb::row_status>(statuses(static_cast<py::ssize_t>(r)));
        if (r < texts.cells.size() && texts.cells[r]) messages[r] = *texts.cells[r];
    }
    const tb::row_naming rows =
        tb::row_labels([&](std::uint64_t row) { return py::str(labels[py::int_(row)]).cast<std::string>(); });
    const tb::track_table table = tb::track_block(
        {clients.cells, {session_texts.cells, numbers ? one_d(*numbers, "session") : std::span<const double>{}}, row_status,
         messages, one_d(score, "score")},
        settings, rows);
    column_arrays out(tb::track_table_columns(settings));
    tb::put_track_table(out, table);
    py::dict result = out.dict();
    if (settings.pictures) result["pictures"] = picture_list(table.pictures);
    return result;
}

// ---------------------------------------------------------------------------------------------
// Cells (alliance/table/cells.hpp): what a cell means is the library's; the package hands over a
// column. Kinds: 0 number, 1 missing, 2 does not apply, 3 unreadable.

// An object column's cells: pandas' and numpy's missing values are missing (object_kinds); a real
// number is that number, or the code it equals (tb::number_codes); a text, and any other object
// (True, a complex number, bytes) by its str(), is read through read_texts, so the library
// decides what it is. Each distinct text is read once (one-character texts, the usual answers,
// through a table). `labels` (and the instrument's item `item`, 1-based; 0: none) read the texts
// that are answers given as labels (alliance/response_labels.hpp).
std::pair<py::array_t<double>, py::array_t<std::int8_t>> read_object_column(
    const py::array& objects, const std::vector<std::string>& missing, const std::vector<std::string>& not_applicable,
    const std::optional<alliance::response_labels>& labels, std::size_t item) {
    if (objects.ndim() != 1 || objects.dtype().kind() != 'O') throw py::value_error("an object column is needed");
    alliance::table::response_codes codes;
    codes.missing = missing;
    codes.not_applicable = not_applicable;
    if (labels) codes.labels = *labels;
    const alliance::table::number_codes number_codes(codes);
    const object_kinds objects_are;
    const auto n = static_cast<std::size_t>(objects.shape(0));
    py::array_t<double> values(static_cast<py::ssize_t>(n));
    py::array_t<std::int8_t> kinds(static_cast<py::ssize_t>(n));
    double* value = values.mutable_data();
    std::int8_t* kind = kinds.mutable_data();
    std::array<std::int16_t, 128> single{};  // 0: not read yet; else 1 + index into `seen`
    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, std::size_t, text_hash, std::equal_to<>> index_of;
    std::vector<std::pair<double, std::int8_t>> seen;
    const auto read_one = [&](std::string_view text) {
        const std::string_view one[] = {text};
        const alliance::table::read_cells cell = alliance::table::read_texts(one, codes, item);
        // The text "nan" reads as a number that is not finite: no answer, and never missing,
        // which is what NaN means to the package.
        const bool nan = cell.kinds[0] == tb::cell_kind::number && std::isnan(cell.values[0]);
        seen.emplace_back(cell.values[0], static_cast<std::int8_t>(nan ? tb::cell_kind::unreadable : cell.kinds[0]));
        return seen.size() - 1;
    };
    const auto stride = objects.strides(0);
    const auto* base = static_cast<const char*>(objects.data());
    for (std::size_t i = 0; i < n; ++i) {
        PyObject* object = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
        value[i] = std::numeric_limits<double>::quiet_NaN();
        if (objects_are.missing(object)) {
            kind[i] = 1;
            continue;
        }
        if (const std::optional<double> number = objects_are.number(object)) {
            const auto read = std::isnan(*number) ? tb::cell_kind::missing : number_codes.kind_of(*number);
            kind[i] = static_cast<std::int8_t>(read);
            if (read == tb::cell_kind::number) value[i] = *number;
            continue;
        }
        py::object held;  // the str() of an object that is no text, alive while it is read
        if (!PyUnicode_Check(object)) {
            held = py::str(py::handle(object));
            object = held.ptr();
        }
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_AsUTF8AndSize(object, &size);
        if (utf8 == nullptr) {  // a lone surrogate: no text the library could read
            PyErr_Clear();
            kind[i] = static_cast<std::int8_t>(tb::cell_kind::unreadable);
            continue;
        }
        const std::string_view text(utf8, static_cast<std::size_t>(size));
        std::size_t at = 0;
        if (size == 1 && static_cast<unsigned char>(text[0]) < 128) {
            auto& slot = single[static_cast<unsigned char>(text[0])];
            if (slot == 0) slot = static_cast<std::int16_t>(read_one(text) + 1);
            at = static_cast<std::size_t>(slot - 1);
        } else if (const auto found = index_of.find(text); found != index_of.end()) {
            at = found->second;
        } else {
            at = read_one(text);
            index_of.emplace(std::string(text), at);
        }
        value[i] = seen[at].first;
        kind[i] = seen[at].second;
    }
    return {values, kinds};
}

// An object column's keys grouped by the library's rule (alliance/table/grouping.hpp): per row its
// group (-1: none) and the groups' keys in order. None and float NaN are missing keys. Returns
// None when a cell is neither a text nor missing (the package converts the column to text).
py::object group_object_column(const py::array& objects) {
    if (objects.ndim() != 1 || objects.dtype().kind() != 'O') throw py::value_error("an object column is needed");
    const auto n = static_cast<std::size_t>(objects.shape(0));
    const auto stride = objects.strides(0);
    const auto* base = static_cast<const char*>(objects.data());
    bool all_text = true;
    const auto grouped = alliance::table::group_rows(n, [&](std::size_t i) -> std::optional<std::string_view> {
        PyObject* object = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * stride);
        if (object == Py_None || (PyFloat_Check(object) && std::isnan(PyFloat_AS_DOUBLE(object)))) return std::nullopt;
        Py_ssize_t size = 0;
        const char* utf8 = PyUnicode_Check(object) ? PyUnicode_AsUTF8AndSize(object, &size) : nullptr;
        if (utf8 == nullptr) {
            PyErr_Clear();
            all_text = false;
            return std::nullopt;
        }
        return std::string_view(utf8, static_cast<std::size_t>(size));
    });
    if (!all_text) return py::none();
    return py::make_tuple(as_array(grouped.group), grouped.keys);
}

std::string unreadable_cell_message(const std::string& where, const std::string& column, const std::string& text,
                                    const std::vector<std::string>& missing,
                                    const std::vector<std::string>& not_applicable,
                                    const std::optional<alliance::response_labels>& labels, std::size_t item) {
    alliance::table::response_codes codes;
    codes.missing = missing;
    codes.not_applicable = not_applicable;
    if (labels) codes.labels = *labels;
    return alliance::table::unreadable_cell_message(where, column, text, codes, item);
}

// ---------------------------------------------------------------------------------------------
// Arguments of any Python type: each checked by kind here, refused in the table layer's words
// (alliance/table/spelling.hpp, option_checks.hpp, column_type.hpp) under its Python name.

// A table argument (split's and track's data): a pandas DataFrame.
void frame_argument(const py::object& value, const std::string& dashed) {
    if (!py::isinstance(value, py::module_::import("pandas").attr("DataFrame")))
        tb::wrong_argument(dashed, "a pandas DataFrame", shown(value), tb::binding_spelling);
}

bool boolean_argument(const py::object& value, const std::string& dashed) {
    if (!is_boolean(value)) tb::wrong_argument(dashed, "True or False", shown(value), tb::binding_spelling);
    return value.cast<bool>();
}

// One of a few words (score's errors).
std::string choice_argument(const py::object& value, const std::string& dashed, const std::vector<std::string>& words) {
    if (words.size() != 2) throw std::logic_error("choice_argument takes two words");
    if (!py::isinstance<py::str>(value))
        tb::wrong_argument(dashed, tb::choice_list({words[0], words[1]}, tb::binding_spelling), shown(value),
                           tb::binding_spelling);
    return std::string(tb::checked_choice(value.cast<std::string>(), dashed, {words[0], words[1]}, tb::binding_spelling));
}

// A code or a list of codes (missing, not_applicable): texts, and numbers by their text (-99 is
// "-99", which also stands for the number: tb::number_codes); None gives `default_codes`.
std::vector<std::string> codes_argument(const py::object& value, const std::string& dashed,
                                        const std::vector<std::string>& default_codes) {
    if (value.is_none()) return default_codes;
    const object_kinds kinds;
    const auto code = [&](const py::handle& one) -> std::string {
        if (py::isinstance<py::str>(one)) return one.cast<std::string>();
        if (kinds.number(one.ptr())) return py::str(one).cast<std::string>();
        tb::wrong_argument(dashed, "a code (a text or a number) or a list of codes", shown(value), tb::binding_spelling);
    };
    if (py::isinstance<py::str>(value) || kinds.number(value.ptr())) return {code(value)};
    const bool listed = py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value) ||
                        py::isinstance<py::set>(value) || py::isinstance<py::frozenset>(value) ||
                        py::hasattr(value, "__array__");
    if (!listed || (py::isinstance<py::array>(value) && value.cast<py::array>().ndim() != 1))
        tb::wrong_argument(dashed, "a code (a text or a number) or a list of codes", shown(value), tb::binding_spelling);
    std::vector<std::string> codes;
    const py::object items = py::hasattr(value, "tolist") ? value.attr("tolist")() : value;  // numpy scalars as Python's
    for (const py::handle one : items) codes.push_back(code(one));
    return codes;
}

// A sequence of values (explain's responses; pre, post, scores): a list, tuple, 1-D array, Series,
// any iterable but a text, a mapping or a set (which have no order).
void sequence_argument(const py::object& value, const std::string& dashed) {
    const bool unordered = py::isinstance<py::dict>(value) || py::isinstance<py::set>(value) ||
                           py::isinstance<py::frozenset>(value);
    const bool text = py::isinstance<py::str>(value) || py::isinstance<py::bytes>(value);
    if (unordered || text || !py::hasattr(value, "__iter__"))
        tb::wrong_argument(dashed, "a sequence of numbers", shown(value), tb::binding_spelling);
    if (py::hasattr(value, "ndim") && py::int_(value.attr("ndim")).cast<long>() != 1)
        tb::wrong_argument(dashed, "a sequence of numbers (1-D)",
                           "a " + std::to_string(py::int_(value.attr("ndim")).cast<long>()) + "-D array",
                           tb::binding_spelling);
}

// track's rule: a rule name, names separated by commas, or a list of names.
std::vector<std::string> rule_names(const py::object& value) {
    std::vector<std::string> names;
    if (value.is_none()) return names;
    if (py::isinstance<py::str>(value)) {
        for (const std::string& name : tb::split_list(value.cast<std::string>())) names.emplace_back(tb::trim(name));
        return names;
    }
    if (!py::isinstance<py::list>(value) && !py::isinstance<py::tuple>(value))
        tb::wrong_argument("rule", "a rule name or a list of them", shown(value), tb::binding_spelling);
    for (const py::handle name : value) names.push_back(text_argument(name, "rule"));
    return names;
}

// An instrument argument: an Instrument as it is, a built-in id, or the path of a key file (a
// text or an os.PathLike). A key file is opened only when it is a regular file: a FIFO or a
// device is refused at once, naming the path (alliance/key_file_reader.hpp).
py::object instrument_argument(const py::object& spec, const std::string& dashed) {
    const py::object instrument_type = py::module_::import("alliance._alliance").attr("Instrument");
    if (py::isinstance(spec, instrument_type)) return spec;
    const bool path_like = py::isinstance(spec, py::module_::import("os").attr("PathLike"));
    if (!py::isinstance<py::str>(spec) && !path_like)
        tb::wrong_argument(dashed, "an alliance.Instrument, a built-in id or a key-file path", shown(spec),
                           tb::binding_spelling);
    const std::string text = py::str(py::module_::import("os").attr("fspath")(spec)).cast<std::string>();
    if (!path_like) {
        if (auto found = alliance::builtin_instrument(text)) return py::cast(std::move(*found));
        std::error_code error;
        if (!std::filesystem::exists(std::filesystem::symlink_status(text, error)))
            throw py::key_error(tb::unknown_instrument_message(text));
    }
    return py::cast(alliance::load_key_file(text, alliance::key_file_source::regular_only));
}

// A 2-D array argument (score's data, icc's ratings): refused naming it when it is not 2-D or,
// with `columns`, has another number of columns than `owner` has items.
void matrix_argument(const py::array& values, const std::string& dashed, std::size_t columns, const std::string& owner) {
    if (values.ndim() != 2)
        throw alliance::option_error("alliance.table.option",
                               tb::expects_message(dashed, "a 2-D array", "a " + std::to_string(values.ndim()) + "-D array",
                                                   tb::binding_spelling));
    if (columns > 0 && static_cast<std::size_t>(values.shape(1)) != columns)
        throw alliance::option_error("alliance.table.option", tb::binding_spelling.option(dashed) + " has " +
                                                            std::to_string(values.shape(1)) + " columns; " + owner +
                                                            " has " + std::to_string(columns) + " items");
}

// A column whose type holds no numbers (bool, dates, complex): refused as a whole, naming it.
[[noreturn]] void wrong_column_type(const std::string& column, const std::string& type, const std::string& role) {
    const tb::column_role which = role == "answers"   ? tb::column_role::answers
                                  : role == "ratings" ? tb::column_role::ratings
                                  : role == "scores"  ? tb::column_role::scores
                                                      : tb::column_role::keys;
    tb::wrong_column_type(column, type, which);
}

// Whether codes read as numbers, so that a numeric column must be read through them.
bool number_codes_apply(const std::vector<std::string>& missing, const std::vector<std::string>& not_applicable) {
    tb::response_codes codes;
    codes.missing = missing;
    codes.not_applicable = not_applicable;
    return !tb::number_codes(codes).empty();
}

// A numeric column against the codes that read as numbers (tb::number_codes): its values (NaN
// where missing or a code) and where "does not apply".
std::pair<py::array_t<double>, py::array_t<bool>> read_number_column(const py::array_t<double, py::array::forcecast>& column,
                                                                     const std::vector<std::string>& missing,
                                                                     const std::vector<std::string>& not_applicable) {
    tb::response_codes codes;
    codes.missing = missing;
    codes.not_applicable = not_applicable;
    const tb::number_codes numbers(codes);
    const std::span<const double> x = one_d(column, "column");
    py::array_t<double> values(static_cast<py::ssize_t>(x.size()));
    py::array_t<bool> na(static_cast<py::ssize_t>(x.size()));
    for (std::size_t i = 0; i < x.size(); ++i) {
        const tb::cell_kind kind = numbers.kind_of(x[i]);
        values.mutable_data()[i] = kind == tb::cell_kind::number ? x[i] : std::numeric_limits<double>::quiet_NaN();
        na.mutable_data()[i] = kind == tb::cell_kind::not_applicable;
    }
    return {values, na};
}

// A block (block_dict's) with the rows of `cells` (row, input, text: the cells of an object
// input that are no number) made error rows by the table layer (tb::refuse_unreadable); rows
// named by `labels`, inputs by `names`.
py::dict refuse_unreadable(py::dict block, const std::vector<std::tuple<std::size_t, std::size_t, std::string>>& cells,
                           const std::vector<std::string>& names, const py::object& labels) {
    if (cells.empty()) return block;
    const py::array_t<double> values = block["values"].cast<py::array_t<double>>();
    const py::array_t<std::int8_t> status = block["row_status"].cast<py::array_t<std::int8_t>>();
    tb::column_block b;
    b.columns = static_cast<std::size_t>(values.shape(0));
    b.rows = static_cast<std::size_t>(status.size());
    b.values.assign(values.data(), values.data() + values.size());
    for (py::ssize_t r = 0; r < status.size(); ++r) b.status.push_back(static_cast<tb::row_status>(status.data()[r]));
    b.messages = block["messages"].cast<std::vector<std::pair<std::size_t, std::string>>>();
    std::vector<tb::unreadable_input> unreadable;
    for (const auto& [row, input, text] : cells) unreadable.push_back({row, input, text});
    const std::vector<std::string_view> name_views(names.begin(), names.end());
    tb::refuse_unreadable(b, unreadable, name_views, tb::row_labels([&](std::uint64_t row) {
        return py::str(labels[py::int_(row)]).cast<std::string>();
    }, "'"), tb::response_codes{}.missing);
    py::array_t<double> new_values({b.columns, b.rows});
    std::copy(b.values.begin(), b.values.end(), new_values.mutable_data());
    py::array_t<std::int8_t> new_status(static_cast<py::ssize_t>(b.rows));
    std::transform(b.status.begin(), b.status.end(), new_status.mutable_data(),
                   [](tb::row_status s) { return static_cast<std::int8_t>(s); });
    block["values"] = new_values;
    block["row_status"] = new_status;
    block["messages"] = b.messages;
    return block;
}

// ---------------------------------------------------------------------------------------------
// Pairing (alliance/table/pairing.hpp): the package factorizes the two indexes into codes; the
// rule and its message are the library's.

std::vector<std::size_t> pair_by_key(const py::array_t<std::int64_t, py::array::forcecast>& first,
                                     const py::array_t<std::int64_t, py::array::forcecast>& second,
                                     const std::string& first_name, const std::string& second_name,
                                     const py::object& first_labels, const py::object& second_labels) {
    const std::span<const std::int64_t> a(first.data(), static_cast<std::size_t>(first.size()));
    const std::span<const std::int64_t> b(second.data(), static_cast<std::size_t>(second.size()));
    return alliance::table::pair_by_key(a, b, {first_name, second_name}, [&](bool in_second, std::size_t row) {
        const py::object labels = in_second ? second_labels : first_labels;
        return py::repr(labels[py::int_(row)]).cast<std::string>();
    });
}

// ---------------------------------------------------------------------------------------------
// Data shapes: item columns named in any of the three forms, answers given as labels, an
// instrument defined in a call and saved as a key file, long data, SPSS and Stata files. Each
// rule is the table layer's (alliance/table/item_spec.hpp, alliance/response_labels.hpp,
// alliance/table/cells.hpp, alliance/define_instrument.hpp, alliance/table/long_format.hpp,
// alliance/table/stat_file.hpp); here Python's objects are read.

// A whole number among Python objects: an int or a numpy integer, not a boolean.
std::optional<std::int64_t> whole_number(const py::handle& value) {
    if (is_boolean(value)) return std::nullopt;
    if (!PyLong_Check(value.ptr()) && !py::isinstance(value, py::module_::import("numpy").attr("integer")))
        return std::nullopt;
    const long long number = PyLong_AsLongLong(value.ptr());
    if (PyErr_Occurred()) {  // beyond 64 bits
        PyErr_Clear();
        return std::nullopt;
    }
    return static_cast<std::int64_t>(number);
}

bool is_mapping(const py::handle& value) {
    return py::isinstance(value, py::module_::import("collections.abc").attr("Mapping"));
}

// A list, a tuple, or a 1-D array, Series or Index: values in order.
bool is_list_like(const py::handle& value) {
    if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) return true;
    return !py::isinstance<py::str>(value) && py::hasattr(value, "__array__") && py::hasattr(value, "ndim") &&
           py::int_(value.attr("ndim")).cast<long>() == 1;
}

// Its values in order, numpy's and pandas' scalars as Python's.
py::list listed_values(const py::handle& value) {
    return py::list(py::hasattr(value, "tolist") ? value.attr("tolist")() : py::reinterpret_borrow<py::object>(value));
}

constexpr std::string_view items_expected = "a pattern, a list of column names or a dict of item number to column";

// A column name in items=: a text, or a whole number by its text (pandas allows any label).
std::string item_column_name(const py::handle& name, const py::handle& items) {
    if (py::isinstance<py::str>(name)) return name.cast<std::string>();
    if (whole_number(name)) return column_name(name);
    tb::wrong_argument("items", items_expected, shown(items), tb::binding_spelling);
}

// items=: None (the instrument's own item columns, else item{}), a pattern (or a text listing
// the columns, as --items), a list of column names in item order, or a dict item number -> column.
tb::item_spec item_spec_argument(const py::object& items, const runtime_instrument& inst) {
    if (items.is_none()) return tb::default_items(inst.item_columns());
    if (py::isinstance<py::str>(items)) return tb::item_spec::parse(items.cast<std::string>());
    if (is_mapping(items)) {
        std::vector<std::pair<std::int64_t, std::string>> mapped;
        for (const py::handle pair : items.attr("items")()) {
            const auto item = whole_number(pair[py::int_(0)]);
            if (!item) tb::wrong_argument("items", items_expected, shown(items), tb::binding_spelling);
            mapped.emplace_back(*item, item_column_name(pair[py::int_(1)], items));
        }
        return tb::item_spec::mapped(std::move(mapped));
    }
    if (!is_list_like(items)) tb::wrong_argument("items", items_expected, shown(items), tb::binding_spelling);
    std::vector<std::string> names;
    for (const py::handle name : listed_values(items)) names.push_back(item_column_name(name, items));
    return tb::item_spec::listed(std::move(names));
}

// The instrument's item columns that items= names, and their positions among `header` (a
// ColumnError naming every absent one, with the columns that look like items when none is there).
std::pair<std::vector<std::string>, std::vector<std::size_t>> item_columns(const runtime_instrument& inst,
                                                                           const py::object& items,
                                                                           const std::vector<std::string>& header) {
    const tb::item_spec spec = item_spec_argument(items, inst);
    std::vector<std::string> names = spec.columns(inst.item_count(), tb::binding_spelling);
    const std::span<const std::string> columns(header), wanted(names);
    std::vector<std::size_t> positions =
        tb::locate_columns(columns, wanted, tb::item_columns_hint(spec, columns, wanted, tb::binding_spelling), 0);
    return {std::move(names), std::move(positions)};
}

constexpr std::string_view labels_expected = "a dict of label to code (and of item number to such a dict)";

// One map of labels= ({"Seldom": 2, ...}) added to `map`; `where` names it in a message.
void add_labels(alliance::label_map& map, const py::handle& entries, const py::handle& labels, const std::string& where) {
    for (const py::handle pair : entries.attr("items")()) {
        if (!py::isinstance<py::str>(pair[py::int_(0)]))
            tb::wrong_argument("labels", labels_expected, shown(labels), tb::binding_spelling);
        map.add(pair[py::int_(0)].cast<std::string>(), number_argument(pair[py::int_(1)], "labels", false), where);
    }
}

// labels= as the library holds them: label -> code for every item, and item number -> its own map.
alliance::response_labels labels_of(const py::object& labels) {
    alliance::response_labels out;
    if (!is_mapping(labels)) tb::wrong_argument("labels", labels_expected, shown(labels), tb::binding_spelling);
    for (const py::handle pair : labels.attr("items")()) {
        const py::handle key = pair[py::int_(0)], value = pair[py::int_(1)];
        if (const auto item = whole_number(key); item && is_mapping(value)) {
            const std::size_t number = *item < 1 ? 0 : static_cast<std::size_t>(*item);
            add_labels(out.item(number), value, labels, "labels of item " + std::to_string(*item));
        } else if (py::isinstance<py::str>(key)) {
            out.common().add(key.cast<std::string>(), number_argument(value, "labels", false), "labels");
        } else {
            tb::wrong_argument("labels", labels_expected, shown(labels), tb::binding_spelling);
        }
    }
    return out;
}

// labels= for an instrument's answers (None: the instrument's own, a key file's response_labels),
// checked against its items and the codes `missing` and `not_applicable` (tb::check_labels).
alliance::response_labels labels_argument(const py::object& labels, const runtime_instrument& inst,
                                          const std::vector<std::string>& missing,
                                          const std::vector<std::string>& not_applicable) {
    tb::response_codes codes;
    codes.missing = missing;
    codes.not_applicable = not_applicable;
    codes.labels = labels.is_none() ? inst.labels() : labels_of(labels);
    tb::check_labels(codes, inst.item_count(), tb::binding_spelling);
    return codes.labels;
}

// The labels as labels= takes them: label -> code, and item number -> its own map.
py::dict labels_dict(const alliance::response_labels& labels) {
    const auto as_dict = [](const alliance::label_map& map) {
        py::dict out;
        for (const auto& [label, code] : map.entries()) out[py::str(label)] = code;
        return out;
    };
    py::dict out = as_dict(labels.common());
    for (const auto& [item, own] : labels.items()) out[py::int_(item)] = as_dict(own);
    return out;
}

// An item entry of define_instrument's scales or reversed: a number (-3: reversed) or a column
// name ("-A1": reversed), as its text.
std::string item_entry(const py::handle& entry, std::string_view dashed, const py::handle& whole,
                       std::string_view expected) {
    if (py::isinstance<py::str>(entry)) return entry.cast<std::string>();
    if (const auto number = whole_number(entry)) return std::to_string(*number);
    tb::wrong_argument(dashed, expected, shown(whole), tb::binding_spelling);
}

std::vector<std::string> item_entries(const py::handle& entries, std::string_view dashed, std::string_view expected) {
    if (!is_list_like(entries)) tb::wrong_argument(dashed, expected, shown(entries), tb::binding_spelling);
    std::vector<std::string> out;
    for (const py::handle entry : listed_values(entries)) out.push_back(item_entry(entry, dashed, entries, expected));
    return out;
}

// define_instrument(): the request read from Python's objects, built by the library through the
// key-file reader (alliance/define_instrument.hpp).
runtime_instrument define_instrument(const py::object& id, const py::object& response, const py::object& scales,
                                     const py::object& reversed, const py::object& missing_rule,
                                     const py::object& name, const py::object& metric, const py::object& labels) {
    alliance::instrument_request request;
    request.id = text_argument(id, "id");
    if (py::isinstance<py::str>(response) || !is_list_like(response) || py::len(response) != 2)
        tb::wrong_argument("response", "two numbers (lowest, highest)", shown(response), tb::binding_spelling);
    const py::list range = listed_values(response);
    request.response_min = number_argument(range[0], "response");
    request.response_max = number_argument(range[1], "response");
    constexpr std::string_view scales_expected = "a dict of scale name to a list of item numbers or column names";
    if (!is_mapping(scales)) tb::wrong_argument("scales", scales_expected, shown(scales), tb::binding_spelling);
    for (const py::handle pair : scales.attr("items")()) {
        if (!py::isinstance<py::str>(pair[py::int_(0)]))
            tb::wrong_argument("scales", scales_expected, shown(scales), tb::binding_spelling);
        request.scales.push_back(
            {pair[py::int_(0)].cast<std::string>(), item_entries(pair[py::int_(1)], "scales", scales_expected)});
    }
    if (!reversed.is_none())
        request.reversed = item_entries(reversed, "reversed", "a list of item numbers or column names");
    if (!missing_rule.is_none()) request.missing_rule = text_argument(missing_rule, "missing-rule");
    if (!name.is_none()) request.name = text_argument(name, "name");
    if (!metric.is_none()) request.metric = text_argument(metric, "metric");
    if (!labels.is_none()) request.labels = labels_of(labels);
    runtime_instrument defined = alliance::define_instrument(request, tb::binding_spelling);
    tb::check_labels(tb::response_codes{.labels = defined.labels()}, defined.item_count(), tb::binding_spelling);
    return defined;
}

// A file path argument: a text or an os.PathLike, as its text.
std::string path_argument(const py::object& path, const std::string& dashed) {
    if (!py::isinstance<py::str>(path) && !py::isinstance(path, py::module_::import("os").attr("PathLike")))
        tb::wrong_argument(dashed, "a file path (a text or an os.PathLike)", shown(path), tb::binding_spelling);
    const py::object text = py::module_::import("os").attr("fspath")(path);
    if (!py::isinstance<py::str>(text))
        tb::wrong_argument(dashed, "a file path (a text or an os.PathLike)", shown(path), tb::binding_spelling);
    return text.cast<std::string>();
}

// A column's cells as texts for the table layer (long data's item and value columns): an object
// column as key_cells reads it; numbers in their shortest text (NaN: missing), so that 4.0 reads
// as the item or the answer 4, as its CSV cell would.
key_column text_cells(const py::array& column, const char* name) {
    key_column out;
    const auto number = [&](double x) {
        if (std::isnan(x)) return out.cells.emplace_back();
        out.converted.push_back(alliance::detail::format_number(x));
        return out.cells.emplace_back(out.converted.back());
    };
    if (column.dtype().kind() != 'O') {
        const py::array_t<double, py::array::forcecast> numbers(column);
        for (const double x : one_d(numbers, name)) number(x);
        return out;
    }
    out = key_cells(column, name);  // texts and missing cells; a number among objects as a number column's
    const object_kinds objects_are;
    const auto* base = static_cast<const char*>(column.data());
    for (std::size_t i = 0; i < out.cells.size(); ++i) {
        PyObject* cell = *reinterpret_cast<PyObject* const*>(base + static_cast<py::ssize_t>(i) * column.strides(0));
        if (const auto x = objects_are.number(cell); x && !std::isnan(*x)) {
            out.converted.push_back(alliance::detail::format_number(*x));
            out.cells[i] = out.converted.back();
        }
    }
    return out;
}

// The record key columns, item and value of long data (record=, item=, value=), checked
// (tb::check_long_layout): record a column name or a list of them.
py::tuple long_layout_argument(const py::object& record, const py::object& item, const py::object& value) {
    tb::long_layout layout;
    if (py::isinstance<py::str>(record)) layout.record.push_back(record.cast<std::string>());
    else if (is_list_like(record))
        for (const py::handle name : listed_values(record)) layout.record.push_back(text_argument(name, "record"));
    else
        tb::wrong_argument("record", "a column name or a list of them", shown(record), tb::binding_spelling);
    layout.item = text_argument(item, "item");
    layout.value = text_argument(value, "value");
    tb::check_long_layout(layout, tb::binding_spelling);
    return py::make_tuple(layout.record, layout.item, layout.value);
}

// Long data scored one row per record, as `alliance score --long` (alliance/table/long_format.hpp:
// grouping, which item a cell names, every check and message). `keys`: the record's key columns
// as object arrays (None: missing); `item_column`, `value_column` object or numeric arrays;
// `layout` long_layout_argument's; item cells may name items by the columns items= gives (or the
// instrument's own: tb::long_item_names), as --items does; `labels` the data's index, naming its
// rows. score_block's
// results, and first_row: each record's first row.
py::dict score_long_block(const runtime_instrument& inst, const std::vector<py::array>& keys,
                          const py::array& item_column, const py::array& value_column, const py::tuple& layout,
                          const py::object& items, std::optional<double> min_answered, const py::object& labels,
                          std::vector<std::string> missing, std::vector<std::string> not_applicable,
                          const std::optional<alliance::response_labels>& answer_labels) {
    tb::long_request request;
    request.layout = {layout[0].cast<std::vector<std::string>>(), layout[1].cast<std::string>(),
                      layout[2].cast<std::string>()};
    std::optional<tb::item_spec> given;
    if (!items.is_none()) given = item_spec_argument(items, inst);
    request.items = tb::long_items(std::string(inst.id()), inst.item_count(),
                                   tb::long_item_names(given ? &*given : nullptr, inst.item_columns(),
                                                       inst.item_count(), tb::binding_spelling));
    request.codes.missing = std::move(missing);
    request.codes.not_applicable = std::move(not_applicable);
    if (answer_labels) request.codes.labels = *answer_labels;
    request.naming = tb::row_labels([&labels](std::uint64_t row) { return py::str(labels[py::int_(row)]).cast<std::string>(); },
                                    "'");
    std::vector<key_column> key_texts;
    for (const py::array& column : keys) key_texts.push_back(key_cells(column, "record"));
    const key_column item_texts = text_cells(item_column, "item"), value_texts = text_cells(value_column, "value");
    const tb::long_groups groups = tb::group_long(
        value_texts.cells.size(), [&](std::size_t row, std::size_t k) { return key_texts[k].cells[row]; },
        [&](std::size_t row) { return item_texts.cells[row]; }, [&](std::size_t row) { return value_texts.cells[row]; },
        request);
    tb::score_request scoring;
    if (min_answered)
        scoring.missing_override = alliance::missing_rule::prorate_min_fraction(*min_answered, "min_answered");
    scoring.interrupt = python_interrupt();
    scored_arrays scored(inst.scales().size(), groups.records());
    const tb::score_outcome outcome = tb::score_long<py::gil_scoped_release>(
        inst, groups, request, scoring, scored.columns(),
        [&](std::uint64_t row) { return std::string(value_texts.cells[row].value_or(std::string_view{})); },
        [&](std::size_t record, std::string&& text) { scored.put(record, std::move(text)); });
    py::dict out = scored.dict(outcome);
    std::vector<std::int64_t> first(groups.first_row.begin(), groups.first_row.end());
    out["first_row"] = as_array(first);
    return out;
}

// An SPSS (.sav, .zsav, .por) or Stata (.dta) file read by ReadStat (alliance/table/stat_file.hpp):
// its columns as (name, values, variable label, value labels): numbers float64 with every missing
// value (system-, tagged and user-missing) NaN, texts objects (None where user-missing); value
// labels as (code, label) pairs (a text code for a string variable; Stata's tagged missing left out).
py::dict read_stat(const py::object& path) {
    const std::string file = path_argument(path, "path");
#if defined(ALLIANCE_HAVE_READSTAT)
    tb::stat_read_options options;
    options.interrupted = python_interrupt();
    const tb::stat_table table = tb::read_stat_file(file, options);
    py::list columns;
    for (const tb::stat_column& column : table.columns) {
        const auto n = static_cast<py::ssize_t>(table.rows);
        py::object values;
        if (column.text) {
            py::list texts(n);
            for (std::size_t r = 0; r < table.rows; ++r)
                texts[r] = column.is_missing(r) ? py::object(py::none()) : py::object(py::str(column.texts[r]));
            values = texts;
        } else {
            py::array_t<double> numbers(n);
            for (std::size_t r = 0; r < table.rows; ++r)
                numbers.mutable_data()[r] = column.is_missing(r) ? std::nan("") : column.numbers[r];
            values = numbers;
        }
        py::list value_labels;
        for (const tb::stat_value_label& label : column.value_labels) {
            if (label.tag != '\0') continue;
            const py::object code = column.text ? py::object(py::str(label.text_code)) : py::object(py::float_(label.code));
            value_labels.append(py::make_tuple(code, label.label));
        }
        columns.append(py::make_tuple(column.name, values, column.label, value_labels));
    }
    py::dict out;
    out["columns"] = columns;
    out["rows"] = table.rows;
    out["file_label"] = table.file_label;
    return out;
#else
    throw std::runtime_error("cannot read '" + file +
                             "': this alliance package was built without ReadStat, which reads SPSS and Stata "
                             "files (Debian libreadstat-dev); install it and reinstall the package");
#endif
}

}  // namespace

// The columns `names` among the DataFrame's `header`: their positions, or ColumnError naming every
// absent or repeated one (alliance/table/columns.hpp), with the items pattern's hint for the
// names from hint_from on.
std::vector<std::size_t> locate_columns(const std::vector<std::string>& header, const std::vector<std::string>& names,
                                        const std::string& hint, std::size_t hint_from) {
    return tb::locate_columns(std::span<const std::string>(header), std::span<const std::string>(names), hint, hint_from);
}

PYBIND11_MODULE(_alliance, m) {
    m.doc() = "C++ core of the alliance package (use the alliance module, not this one)";

    static py::exception<alliance::response_error> response_error(m, "ResponseError", PyExc_ValueError);
    static py::exception<alliance::definition_error> definition_error(m, "DefinitionError", PyExc_ValueError);
    static py::exception<alliance::domain_error> domain_error(m, "DomainError", PyExc_ValueError);
    static py::exception<alliance::error> library_error(m, "Error", PyExc_ValueError);
    py::register_exception_translator([](std::exception_ptr thrown) {
        try {
            if (thrown) std::rethrow_exception(thrown);
        } catch (const alliance::response_error& e) {
            response_error(e.what());
        } catch (const alliance::definition_error& e) {
            definition_error(e.what());
        } catch (const alliance::domain_error& e) {
            domain_error(e.what());
        } catch (const alliance::error& e) {
            library_error(e.what());
        }
    });
    // Tried first (pybind11 tries the last registered first): the request's own problems.
    py::register_exception_translator([](std::exception_ptr thrown) {
        try {
            if (thrown) std::rethrow_exception(thrown);
        } catch (const alliance::error& e) {
            const auto* file = dynamic_cast<const alliance::table::stat_file_error*>(&e);
            if (file != nullptr && file->problem() == alliance::table::stat_file_problem::unreadable) {
                PyErr_SetString(PyExc_OSError, e.what());  // as Python's open()
                return;
            }
            if (!e.from_request()) throw;
            if (dynamic_cast<const alliance::column_error*>(&e) != nullptr) {  // as pandas: a KeyError
                const py::object column_error = py::module_::import("alliance").attr("ColumnError");
                PyErr_SetObject(column_error.ptr(), py::str(e.message()).ptr());
            } else if (dynamic_cast<const alliance::argument_error*>(&e) != nullptr) {  // as Python's own
                PyErr_SetString(PyExc_TypeError, e.message());
            } else {
                PyErr_SetString(PyExc_ValueError, e.message());
            }
        }
    });

    py::class_<runtime_instrument>(m, "Instrument", R"doc(A questionnaire's scoring key: a built-in one (alliance.instrument(id)) or
one read from a key file (alliance.load_key(path)). Read-only; pass it wherever an instrument
is taken.

>>> wai = alliance.instrument("wai-sr")
>>> wai.id, wai.items, wai.scales, wai.reversed
('wai-sr', 12, ['task', 'goal', 'bond', 'total'], [])
)doc")
        .def("__repr__", [](const runtime_instrument& i) {
            return "<alliance.Instrument '" + std::string(i.id()) + "': " + std::string(i.about().name) + ">";
        })
        .def_property_readonly("id", [](const runtime_instrument& i) { return std::string(i.id()); }, "stable id, e.g. 'wai-sr'")
        .def_property_readonly("name", [](const runtime_instrument& i) { return std::string(i.about().name); }, "full name")
        .def_property_readonly("form", [](const runtime_instrument& i) { return std::string(alliance::to_string(i.about().form)); },
                               "who answers: client, therapist, observer or caregiver")
        .def_property_readonly("items", &runtime_instrument::item_count, "the number of items")
        .def_property_readonly("scales", &scale_names, "scale names in report order, the total last")
        .def_property_readonly("column_stems", &column_stems,
                               "the scales' column stems in score tables (lower case, other characters as '_')")
        .def_property_readonly("reversed", [](const runtime_instrument& i) {
            return std::vector<int>(i.reversed_items().begin(), i.reversed_items().end());
        }, "reverse-keyed item numbers (1-based)")
        .def_property_readonly("scale_items", [](const runtime_instrument& i) {
            std::vector<std::vector<int>> out;
            for (const auto& entry : i.scales()) {
                const auto items = i.items_of(entry);
                out.emplace_back(items.begin(), items.end());
            }
            return out;
        }, "the item numbers of every scale, in the order of scales")
        .def_property_readonly("citation", [](const runtime_instrument& i) { return std::string(i.about().citation); },
                               "the source of the key")
        .def_property_readonly("licence", [](const runtime_instrument& i) { return std::string(i.about().licence); },
                               "who owns the questionnaire and how it may be used")
        .def_property_readonly("verification", [](const runtime_instrument& i) { return std::string(i.about().verification); },
                               "how the key was checked, against which sources")
        .def_property_readonly("response_scale", &response_scale_of,
                               "type (likert or visual analogue), min, max, resolution, not_applicable offered")
        .def_property_readonly("item_columns", [](const runtime_instrument& i) {
            return std::vector<std::string>(i.item_columns().begin(), i.item_columns().end());
        }, "the columns of items 1..N when the instrument names them (a key file's item_columns, an "
           "instrument defined by column names); empty: items= names them")
        .def_property_readonly("labels", [](const runtime_instrument& i) { return labels_dict(i.labels()); },
                               "the labels a lab's export gives the answers (a key file's response_labels), as "
                               "labels= takes them; empty: none");

    // Answers given as labels, checked for one instrument (labels_argument): passed back as they are.
    py::class_<alliance::response_labels>(m, "Labels");

    m.def("builtin_ids", &builtin_ids);
    m.def("builtin", &builtin);
    m.def("load_key", [](const py::object& path) {  // a regular file only: a FIFO would block
        return alliance::load_key_file(path_argument(path, "path"), alliance::key_file_source::regular_only);
    });
    m.def("key_file_text", [](const runtime_instrument& inst) { return alliance::to_key_file_json(inst); });
    m.def("path_argument", &path_argument);
    m.def("define_instrument", &define_instrument);
    m.def("labels_argument", &labels_argument);
    m.def("long_layout_argument", &long_layout_argument);
    m.def("score_long_block", &score_long_block);
    m.def("read_stat", &read_stat);
#if defined(ALLIANCE_HAVE_READSTAT)
    m.attr("has_readstat") = true;
#else
    m.attr("has_readstat") = false;
#endif
    m.def("score_block", &score_block, py::arg("inst"), py::arg("values"), py::arg("na"), py::arg("min_answered"),
          py::arg("unreadable") = std::vector<std::pair<std::size_t, std::size_t>>{}, py::arg("label") = py::none(),
          py::arg("cell_text") = py::none(), py::arg("item_names") = std::vector<std::string>{},
          py::arg("missing") = std::vector<std::string>{"", "NA"}, py::arg("not_applicable") = std::vector<std::string>{},
          py::arg("labels") = py::none());
    m.def("record_problems", &record_problems);
    m.def("classify_block", &classify_block);
    m.def("explain_text", &explain_text);
    m.def("rc_method_ids", &rc_method_ids);
    m.def("change_block", &change_block, py::arg("pre"), py::arg("post"), py::arg("options"), py::arg("names"),
          py::arg("picture") = py::none());
    m.def("min_answered", [](const py::object& value) { return checked_option<&tb::checked_min_answered>(value, "min-answered"); });
    m.def("confidence", [](const py::object& value) { return checked_option<&tb::checked_confidence>(value, "confidence"); });
    m.def("normative_compare_block", &normative_compare_block);
    m.def("split_table", &split_table, py::arg("unit"), py::arg("session"), py::arg("member"), py::arg("score"),
          py::arg("options"), py::arg("summary"), py::arg("labels"), py::arg("picture") = py::none());
    m.def("icc_table", &icc_table);
    m.def("reliability_table", &reliability_table);
    m.def("track_table", &track_table);
    m.def("locate_columns", &locate_columns, py::arg("header"), py::arg("names"), py::arg("hint") = "",
          py::arg("hint_from") = 0);
    m.def("item_columns", &item_columns);
    m.def("check_track_options", &check_track_options);
    m.def("pair_by_key", &pair_by_key);
    m.def("read_object_column", &read_object_column, py::arg("objects"), py::arg("missing"), py::arg("not_applicable"),
          py::arg("labels") = py::none(), py::arg("item") = 0);
    m.def("group_object_column", &group_object_column);
    m.def("unreadable_cell_message", &unreadable_cell_message, py::arg("where"), py::arg("column"), py::arg("text"),
          py::arg("missing"), py::arg("not_applicable"), py::arg("labels") = py::none(), py::arg("item") = 0);
    m.def("unknown_instrument_message", &alliance::table::unknown_instrument_message);
    m.def("require_same_length", [](std::size_t first, std::size_t second, const std::string& first_name,
                                    const std::string& second_name) {
        alliance::table::require_same_length(first, second, {first_name, second_name});
    });
    m.def("equivalence_block", &equivalence_block);
    m.def("tracked_scale", &tracked_scale, py::arg("inst"), py::arg("scale") = py::none());
    m.def("scale_metric", &scale_metric);
    // Arguments and cells of any Python type, refused in the table layer's words.
    m.attr("version") = std::string(alliance::version);
    m.def("text_argument", [](const py::object& value, const std::string& dashed) { return text_argument(value, dashed); });
    m.def("number_argument", [](const py::object& value, const std::string& dashed) { return number_argument(value, dashed); });
    m.def("boolean_argument", &boolean_argument);
    m.def("frame_argument", &frame_argument);
    m.def("choice_argument", &choice_argument);
    m.def("codes_argument", &codes_argument);
    m.def("sequence_argument", &sequence_argument);
    m.def("rule_names", &rule_names);
    m.def("instrument_argument", &instrument_argument);
    m.def("wrong_column_type", &wrong_column_type);
    m.def("matrix_argument", &matrix_argument);
    m.def("number_codes_apply", &number_codes_apply);
    m.def("read_number_column", &read_number_column);
    m.def("refuse_unreadable", &refuse_unreadable);
}
