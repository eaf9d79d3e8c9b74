// One unit's split alliance as SVG: each member's score by session, one line per member (the
// partners, the family members, the therapist), so a split that opens up over sessions, or one
// chair that sees the alliance differently from the others, shows as lines drawing apart.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alliance/plot/svg.hpp"

namespace alliance::plot {

struct member_point {
    double session = 0;
    double score = 0;
};

struct member_trajectory {
    std::string member;
    std::vector<member_point> points;  // in session order
};

struct split_options {
    std::string title;  // e.g. "couple birch: WAI total"
    std::string y_label = "score";
    std::optional<double> y_min{};  // the scale's range; from the data when empty
    std::optional<double> y_max{};
    double width = 760;
    double height = 380;
};

// Colour-blind-safe colours (Okabe & Ito 2008), cycled; each member also has its own marker.
inline constexpr std::array<std::string_view, 7> member_colours{"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                                "#E69F00", "#56B4E9", "#000000"};

namespace detail {

inline void member_marker(document& svg, std::size_t index, double x, double y, std::string_view colour) {
    const std::string fill = "stroke=\"#ffffff\" stroke-width=\"1\"";
    switch (index % 3) {
        case 0:
            svg.circle(x, y, 4, colour, fill);
            break;
        case 1:
            svg.rect(x - 3.6, y - 3.6, 7.2, 7.2, colour, fill);
            break;
        default:
            svg.polygon(px(x) + "," + px(y - 4.6) + " " + px(x + 4.4) + "," + px(y + 3.4) + " " +
                            px(x - 4.4) + "," + px(y + 3.4),
                        colour, fill);
    }
}

}  // namespace detail

[[nodiscard]] inline std::string split_svg(const std::vector<member_trajectory>& members,
                                           const split_options& options) {
    double first = 1, last = 2, lo = options.y_min.value_or(0), hi = options.y_max.value_or(1);
    bool any = false;
    for (const auto& m : members)
        for (const auto& p : m.points) {
            first = any ? std::min(first, p.session) : p.session;
            last = any ? std::max(last, p.session) : p.session;
            if (!options.y_min) lo = any ? std::min(lo, p.score) : p.score;
            if (!options.y_max) hi = any ? std::max(hi, p.score) : p.score;
            any = true;
        }
    last = std::max(last, first + 1);
    if (!options.y_min || !options.y_max) {
        const double pad = std::max((hi - lo) * 0.1, 1.0);
        if (!options.y_min) lo -= pad;
        if (!options.y_max) hi += pad;
    }
    document svg(options.width, options.height, options.title);
    frame area;
    area.right = 150;  // room for the legend
    area.x = {first - 0.5, last + 0.5, area.left, options.width - area.right};
    area.y = {lo, hi, options.height - area.bottom, area.top};
    area.draw(svg, "session", options.y_label);
    svg.text(options.width / 2, 28, options.title, 15, "middle", "font-weight=\"bold\" fill=\"#111111\"");

    const double lx = options.width - area.right + 16;
    double ly = area.top + 12;
    for (std::size_t i = 0; i < members.size(); ++i) {
        const std::string_view colour = member_colours[i % member_colours.size()];
        std::string points;
        for (const auto& p : members[i].points)
            points += (points.empty() ? "" : " ") + px(area.x(p.session)) + "," + px(area.y(p.score));
        if (members[i].points.size() > 1) svg.polyline(points, colour, 2.2);
        for (const auto& p : members[i].points)
            detail::member_marker(svg, i, area.x(p.session), area.y(p.score), colour);
        svg.line(lx, ly, lx + 22, ly, colour, 2.2);
        detail::member_marker(svg, i, lx + 11, ly, colour);
        svg.text(lx + 28, ly + 4, members[i].member, 11);
        ly += 20;
    }
    return svg.finish();
}

}  // namespace alliance::plot
