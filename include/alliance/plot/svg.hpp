// A small SVG writer for the library's plots: self-contained files (no scripts, no external
// fonts or images) that render the same in a browser, an office suite and rsvg-convert.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "alliance/detail/format_number.hpp"

namespace alliance::plot {

// Text for SVG content and attribute values: &, <, >, " and ' escaped.
[[nodiscard]] inline std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

// Coordinates rounded to 0.01 px: plenty for the eye, short files.
[[nodiscard]] inline std::string px(double value) {
    return alliance::detail::format_number(std::round(value * 100.0) / 100.0);
}

// A linear map from data to pixels.
struct axis_map {
    double data_min = 0, data_max = 1, pixel_min = 0, pixel_max = 1;
    [[nodiscard]] double operator()(double value) const noexcept {
        const double span = data_max - data_min;
        return pixel_min + (span == 0 ? 0.5 : (value - data_min) / span) * (pixel_max - pixel_min);
    }
};

// Round tick step (1, 2 or 5 x 10^k) giving about `target` ticks over [lo, hi].
[[nodiscard]] inline double tick_step(double lo, double hi, int target = 6) {
    const double raw = std::max((hi - lo) / std::max(target, 1), 1e-12);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0})
        if (raw <= factor * magnitude) return factor * magnitude;
    return 10.0 * magnitude;
}

// Formats a tick label without float noise (0.30000000000000004 -> 0.3).
[[nodiscard]] inline std::string tick_label(double value, double step) {
    const double rounded = std::round(value / step) * step;
    return alliance::detail::format_number(std::fabs(rounded) < step * 1e-9 ? 0.0 : std::round(rounded * 1e6) / 1e6);
}

class document {
public:
    document(double width, double height, std::string_view title) : width_(width), height_(height) {
        text_ += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px(width) + "\" height=\"" + px(height) +
                 "\" viewBox=\"0 0 " + px(width) + " " + px(height) + "\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n";
        text_ += "<title>" + escape(title) + "</title>\n";
        text_ += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    }

    void rect(double x, double y, double w, double h, std::string_view fill, std::string_view extra = {}) {
        text_ += "<rect x=\"" + px(x) + "\" y=\"" + px(y) + "\" width=\"" + px(std::max(w, 0.0)) + "\" height=\"" +
                 px(std::max(h, 0.0)) + "\" fill=\"" + std::string(fill) + "\" " + std::string(extra) + "/>\n";
    }
    void line(double x1, double y1, double x2, double y2, std::string_view stroke, double width = 1,
              std::string_view extra = {}) {
        text_ += "<line x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\"" + px(y2) +
                 "\" stroke=\"" + std::string(stroke) + "\" stroke-width=\"" + px(width) + "\" " + std::string(extra) +
                 "/>\n";
    }
    void circle(double x, double y, double r, std::string_view fill, std::string_view extra = {}) {
        text_ += "<circle cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"" + px(r) + "\" fill=\"" + std::string(fill) +
                 "\" " + std::string(extra) + "/>\n";
    }
    // `points` is an SVG points list ("x,y x,y ...").
    void polyline(const std::string& points, std::string_view stroke, double width, std::string_view extra = {}) {
        text_ += "<polyline points=\"" + points + "\" fill=\"none\" stroke=\"" + std::string(stroke) +
                 "\" stroke-width=\"" + px(width) + "\" stroke-linejoin=\"round\" " + std::string(extra) + "/>\n";
    }
    void polygon(const std::string& points, std::string_view fill, std::string_view extra = {}) {
        text_ += "<polygon points=\"" + points + "\" fill=\"" + std::string(fill) + "\" " + std::string(extra) + "/>\n";
    }
    void text(double x, double y, std::string_view content, double size = 12, std::string_view anchor = "start",
              std::string_view extra = {}) {
        text_ += "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\" font-size=\"" + px(size) + "\" text-anchor=\"" +
                 std::string(anchor) + "\" " + std::string(extra) + ">" + escape(content) + "</text>\n";
    }
    void raw(std::string_view fragment) { text_ += fragment; }

    [[nodiscard]] double width() const noexcept { return width_; }
    [[nodiscard]] double height() const noexcept { return height_; }
    [[nodiscard]] std::string finish() const { return text_ + "</svg>\n"; }

private:
    double width_;
    double height_;
    std::string text_;
};

// Plot area with x and y axes, ticks, grid and labels.
struct frame {
    double left = 64, top = 48, right = 24, bottom = 56;
    axis_map x{}, y{};

    void draw(document& svg, std::string_view x_label, std::string_view y_label) const {
        const double x0 = left, x1 = svg.width() - right, y0 = svg.height() - bottom, y1 = top;
        const double x_step = tick_step(x.data_min, x.data_max, 8);
        for (double v = std::ceil(x.data_min / x_step) * x_step; v <= x.data_max + x_step * 1e-9; v += x_step) {
            svg.line(x(v), y0, x(v), y1, "#eeeeee");
            svg.line(x(v), y0, x(v), y0 + 4, "#555555");
            svg.text(x(v), y0 + 18, tick_label(v, x_step), 11, "middle", "fill=\"#333333\"");
        }
        const double y_step = tick_step(y.data_min, y.data_max, 6);
        for (double v = std::ceil(y.data_min / y_step) * y_step; v <= y.data_max + y_step * 1e-9; v += y_step) {
            svg.line(x0, y(v), x1, y(v), "#eeeeee");
            svg.line(x0 - 4, y(v), x0, y(v), "#555555");
            svg.text(x0 - 8, y(v) + 4, tick_label(v, y_step), 11, "end", "fill=\"#333333\"");
        }
        svg.line(x0, y0, x1, y0, "#555555");
        svg.line(x0, y0, x0, y1, "#555555");
        svg.text((x0 + x1) / 2, svg.height() - 14, x_label, 12, "middle", "fill=\"#222222\"");
        svg.raw("<text transform=\"translate(16 " + px((y0 + y1) / 2) +
                ") rotate(-90)\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222222\">" + escape(y_label) +
                "</text>\n");
    }
};

}  // namespace alliance::plot
