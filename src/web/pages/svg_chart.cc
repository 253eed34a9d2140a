#include "web/pages/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ams::web::pages {

namespace {

constexpr char kInk[] = "#1b1f24";
constexpr char kBrand[] = "#0b3a66";
constexpr char kMark[] = "#a4161a";
constexpr double kRowHeight = 16;
constexpr double kGroupGap = 12;
constexpr double kLegendHeight = 28;
constexpr double kLabelChars = 22;  // ~150 px at 12 px; longer labels are shortened (the table has them whole)

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// At most `max` code points of UTF-8 `s`, with an ellipsis when shortened.
std::string Shorten(const std::string& s, size_t max) {
  size_t points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (++points > max) return s.substr(0, i) + "\xE2\x80\xA6";
  }
  return s;
}

// Only [a-z0-9-] in ids that end up inside attribute values and url(#...).
std::string SafeId(const std::string& id) {
  std::string out;
  for (char c : id) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') out += c;
  }
  return out.empty() ? "chart" : out;
}

double Max(const BarChart& chart) {
  if (chart.max > 0) return chart.max;
  double m = 0;
  for (const ChartBar& b : chart.bars) {
    for (double v : b.values) m = std::max(m, v);
    if (b.reference) m = std::max(m, *b.reference);
  }
  return m;
}

// 0..1 of the full length; 0 when nothing has a length.
double Scale(double v, double max) {
  if (!(max > 0) || !(v > 0)) return 0;
  return std::min(v, max) / max;
}

std::string Open(const BarChart& chart, const std::string& id, double height) {
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" id=\"" +
                    id + "\" viewBox=\"0 0 " + Num(kChartWidth) + " " + Num(height) +
                    "\" aria-labelledby=\"" + id + "-title\" aria-describedby=\"" + id + "-desc\">";
  out += "<title id=\"" + id + "-title\">" + XmlEscape(chart.title) + "</title>";
  out += "<desc id=\"" + id + "-desc\">" + XmlEscape(chart.description) + "</desc>";
  // Series 2 is hatched: told apart by pattern, not only by colour.
  out += "<defs><pattern id=\"" + id + "-hatch\" width=\"6\" height=\"6\" "
         "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
         "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
         "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"" + std::string(kBrand) +
         "\" stroke-width=\"3\"/></pattern></defs>";
  return out;
}

std::string Fill(const std::string& id, size_t series) {
  return series == 0 ? std::string("fill=\"") + kBrand + "\""
                     : "fill=\"url(#" + id + "-hatch)\" stroke=\"" + kBrand + "\"";
}

std::string Legend(const BarChart& chart, const std::string& id) {
  std::string out = "<g class=\"legend\" font-size=\"12\" fill=\"" + std::string(kInk) + "\">";
  double x = 0;
  for (size_t s = 0; s < chart.series.size() && s < 2; ++s) {
    out += "<rect x=\"" + Num(x) + "\" y=\"6\" width=\"14\" height=\"14\" " + Fill(id, s) + "/>";
    out += "<text x=\"" + Num(x + 20) + "\" y=\"18\">" + XmlEscape(chart.series[s]) + "</text>";
    x += 40 + 7.0 * static_cast<double>(chart.series[s].size());
  }
  if (!chart.reference_name.empty()) {
    out += "<line x1=\"" + Num(x + 7) + "\" y1=\"4\" x2=\"" + Num(x + 7) +
           "\" y2=\"22\" stroke=\"" + kMark + "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>";
    out += "<text x=\"" + Num(x + 20) + "\" y=\"18\">" + XmlEscape(chart.reference_name) +
           "</text>";
  }
  return out + "</g>";
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string HorizontalBarsSvg(const BarChart& chart) {
  const std::string id = SafeId(chart.id);
  const size_t series = std::clamp<size_t>(chart.series.size(), 1, 2);
  const double group = kRowHeight * static_cast<double>(series) + kGroupGap;
  const double height = kLegendHeight + 8 + group * static_cast<double>(chart.bars.size());
  const double max = Max(chart);
  std::string out = Open(chart, id, height) + Legend(chart, id);
  double y = kLegendHeight + 8;
  for (const ChartBar& bar : chart.bars) {
    const double mid = y + kRowHeight * static_cast<double>(series) / 2;
    out += "<g class=\"bar-group\"><text x=\"" + Num(kBarAreaX - 8) + "\" y=\"" + Num(mid + 4) +
           "\" text-anchor=\"end\" font-size=\"12\" fill=\"" + kInk + "\">" +
           XmlEscape(Shorten(bar.label, static_cast<size_t>(kLabelChars))) + "</text>";
    for (size_t s = 0; s < series; ++s) {
      const double v = s < bar.values.size() ? bar.values[s] : 0;
      const double w = kBarAreaWidth * Scale(v, max);
      const double top = y + kRowHeight * static_cast<double>(s) + 1;
      const std::string text = s < bar.texts.size() ? bar.texts[s] : Num(v);
      out += "<rect class=\"bar\" x=\"" + Num(kBarAreaX) + "\" y=\"" + Num(top) + "\" width=\"" +
             Num(w) + "\" height=\"" + Num(kRowHeight - 3) + "\" " + Fill(id, s) + ">";
      std::string name = bar.label;
      if (s < chart.series.size()) name += " \xE2\x80\x94 " + chart.series[s];
      out += "<title>" + XmlEscape(name + ": " + text) + "</title></rect>";
      out += "<text x=\"" + Num(kBarAreaX + w + 6) + "\" y=\"" + Num(top + kRowHeight - 5) +
             "\" font-size=\"12\" fill=\"" + kInk + "\">" + XmlEscape(text) + "</text>";
    }
    if (bar.reference) {
      const double x = kBarAreaX + kBarAreaWidth * Scale(*bar.reference, max);
      out += "<line class=\"reference\" x1=\"" + Num(x) + "\" y1=\"" + Num(y - 3) + "\" x2=\"" +
             Num(x) + "\" y2=\"" + Num(y + kRowHeight * static_cast<double>(series) + 1) +
             "\" stroke=\"" + kMark + "\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>";
    }
    out += "</g>";
    y += group;
  }
  // The axis the bars grow from.
  out += "<line x1=\"" + Num(kBarAreaX) + "\" y1=\"" + Num(kLegendHeight + 4) + "\" x2=\"" +
         Num(kBarAreaX) + "\" y2=\"" + Num(height) + "\" stroke=\"" + kInk + "\"/>";
  return out + "</svg>";
}

std::string ColumnsSvg(const BarChart& chart) {
  const std::string id = SafeId(chart.id);
  const double top = kLegendHeight + 20;
  const double base = top + kColumnAreaHeight;
  const double height = base + 24;
  const double left = 40, right = kChartWidth - 10;
  const size_t n = std::max<size_t>(chart.bars.size(), 1);
  const double slot = (right - left) / static_cast<double>(n);
  const double width = std::max(2.0, slot * 0.7);
  // A label under every column would collide: every k-th, about 12 in all.
  const size_t every = (chart.bars.size() + 11) / 12;
  const bool values = chart.bars.size() <= 26;
  const double max = Max(chart);
  std::string out = Open(chart, id, height) + Legend(chart, id);
  out += "<text x=\"" + Num(left - 6) + "\" y=\"" + Num(top + 4) +
         "\" text-anchor=\"end\" font-size=\"11\" fill=\"" + kInk + "\">" +
         (max == std::floor(max) ? std::to_string(static_cast<long long>(max)) : Num(max)) +
         "</text>";
  out += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(top) + "\" x2=\"" + Num(right) + "\" y2=\"" +
         Num(top) + "\" stroke=\"#c9d0da\" stroke-dasharray=\"2 3\"/>";
  for (size_t i = 0; i < chart.bars.size(); ++i) {
    const ChartBar& bar = chart.bars[i];
    const double v = bar.values.empty() ? 0 : bar.values[0];
    const double h = kColumnAreaHeight * Scale(v, max);
    const double x = left + slot * static_cast<double>(i) + (slot - width) / 2;
    const std::string text = bar.texts.empty() ? Num(v) : bar.texts[0];
    out += "<g class=\"bar-group\"><rect class=\"bar\" x=\"" + Num(x) + "\" y=\"" + Num(base - h) +
           "\" width=\"" + Num(width) + "\" height=\"" + Num(h) + "\" " + Fill(id, 0) + "><title>" +
           XmlEscape(bar.label + ": " + text) + "</title></rect>";
    if (values) {
      out += "<text x=\"" + Num(x + width / 2) + "\" y=\"" + Num(base - h - 4) +
             "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" + kInk + "\">" + XmlEscape(text) +
             "</text>";
    }
    if (every > 0 && i % every == 0) {
      out += "<text x=\"" + Num(x + width / 2) + "\" y=\"" + Num(base + 16) +
             "\" text-anchor=\"middle\" font-size=\"11\" fill=\"" + kInk + "\">" +
             XmlEscape(Shorten(bar.label, 8)) + "</text>";
    }
    out += "</g>";
  }
  out += "<line x1=\"" + Num(left) + "\" y1=\"" + Num(base) + "\" x2=\"" + Num(right) + "\" y2=\"" +
         Num(base) + "\" stroke=\"" + kInk + "\"/>";
  return out + "</svg>";
}

}  // namespace ams::web::pages
