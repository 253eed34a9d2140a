#include "web/pages/svg_chart.h"

#include <gtest/gtest.h>

#include <regex>

namespace ams::web::pages {
namespace {

// The width="..." of each <rect class="bar"> in order.
std::vector<double> BarWidths(const std::string& svg, const char* attr = "width") {
  std::vector<double> out;
  std::regex re(std::string("<rect class=\"bar\"[^>]* ") + attr + "=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it) {
    out.push_back(std::stod((*it)[1]));
  }
  return out;
}

BarChart Durations() {
  BarChart c;
  c.id = "durations";
  c.title = "Durasi per langkah";
  c.description = "Median dan p90 tiap langkah terhadap waktu baku.";
  c.series = {"Median", "P90"};
  c.reference_name = "Waktu baku";
  c.bars = {{"Langkah 1", {60, 120}, {"1 mnt", "2 mnt"}, 300},
            {"Langkah 2", {300, 600}, {"5 mnt", "10 mnt"}, 300}};
  return c;
}

TEST(SvgChartTest, BarsScaleToTheLargestValue) {
  const std::string svg = HorizontalBarsSvg(Durations());
  std::vector<double> w = BarWidths(svg);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_DOUBLE_EQ(w[3], kBarAreaWidth) << "600 s is the longest";
  EXPECT_DOUBLE_EQ(w[0], kBarAreaWidth / 10) << "60 of 600";
  EXPECT_DOUBLE_EQ(w[2], kBarAreaWidth / 2) << "300 of 600";
  // The standard time (300 s) is a dashed mark half way along.
  EXPECT_EQ(kBarAreaX + kBarAreaWidth / 2, 360.0);
  EXPECT_NE(svg.find("class=\"reference\" x1=\"360.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);
}

TEST(SvgChartTest, AnExplicitMaximumCapsBars) {
  BarChart c = Durations();
  c.max = 100;
  c.bars = {{"A", {50}, {"50%"}, std::nullopt}, {"B", {250}, {"250%"}, std::nullopt},
            {"C", {-5}, {"?"}, std::nullopt}};
  c.series = {"Share"};
  std::vector<double> w = BarWidths(HorizontalBarsSvg(c));
  ASSERT_EQ(w.size(), 3u);
  EXPECT_DOUBLE_EQ(w[0], kBarAreaWidth / 2);
  EXPECT_DOUBLE_EQ(w[1], kBarAreaWidth) << "never past the area";
  EXPECT_DOUBLE_EQ(w[2], 0) << "negative counts as zero";
}

TEST(SvgChartTest, HasAnAccessibleNameDescriptionAndNoColourOnlySeries) {
  const std::string svg = HorizontalBarsSvg(Durations());
  EXPECT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"durations-title\" aria-describedby=\"durations-desc\""),
            std::string::npos);
  EXPECT_NE(svg.find("<title id=\"durations-title\">Durasi per langkah</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc id=\"durations-desc\">"), std::string::npos);
  EXPECT_NE(svg.find("fill=\"url(#durations-hatch)\""), std::string::npos) << "p90 is hatched";
  EXPECT_NE(svg.find(">10 mnt</text>"), std::string::npos) << "values are written beside bars";
  EXPECT_EQ(svg.find("style"), std::string::npos) << "the CSP forbids inline styles";
}

TEST(SvgChartTest, EscapesEveryText) {
  BarChart c = Durations();
  c.id = "x\" onload=\"alert(1)";
  c.title = "<script>alert(1)</script>";
  c.description = "a & b";
  c.series = {"S'1", "S\"2"};
  c.reference_name = "<ref>";
  c.bars = {{"<img src=x onerror=alert(1)>", {1, 2}, {"<1>", "2&"}, 2}};
  for (const std::string& svg : {HorizontalBarsSvg(c), ColumnsSvg(c)}) {
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("<img"), std::string::npos);
    EXPECT_EQ(svg.find("<ref>"), std::string::npos);
    EXPECT_EQ(svg.find(" onload="), std::string::npos) << "the id keeps only [a-z0-9-]";
    EXPECT_NE(svg.find("id=\"xonloadalert1\""), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
    EXPECT_NE(svg.find("a &amp; b"), std::string::npos);
  }
  EXPECT_EQ(XmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(SvgChartTest, ColumnsScaleAndZeroIsFlat) {
  BarChart c;
  c.id = "weekly";
  c.title = "Permohonan per minggu";
  c.series = {"Permohonan"};
  c.bars = {{"2 Nov", {4}, {"4"}, std::nullopt}, {"9 Nov", {0}, {"0"}, std::nullopt},
            {"16 Nov", {8}, {"8"}, std::nullopt}};
  const std::string svg = ColumnsSvg(c);
  std::vector<double> h = BarWidths(svg, "height");
  ASSERT_EQ(h.size(), 3u);
  EXPECT_DOUBLE_EQ(h[0], kColumnAreaHeight / 2);
  EXPECT_DOUBLE_EQ(h[1], 0);
  EXPECT_DOUBLE_EQ(h[2], kColumnAreaHeight);
  EXPECT_NE(svg.find(">8</text>"), std::string::npos);
}

TEST(SvgChartTest, LongLabelsAreShortenedOnCodePoints) {
  BarChart c = Durations();
  c.bars = {{"Dinas Komunikasi dan Informatika Kota Pekalongan", {1}, {"1"}, std::nullopt},
            {std::string(30 * 2, 'x'), {1}, {"1"}, std::nullopt}};
  std::string accents;
  for (int i = 0; i < 30; ++i) accents += "\xC3\xA9";  // é
  c.bars[1].label = accents;
  const std::string svg = HorizontalBarsSvg(c);
  EXPECT_NE(svg.find("Dinas Komunikasi dan I\xE2\x80\xA6</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">" + accents.substr(0, 22 * 2) + "\xE2\x80\xA6</text>"), std::string::npos)
      << "22 whole code points, none cut in half";
}

}  // namespace
}  // namespace ams::web::pages
