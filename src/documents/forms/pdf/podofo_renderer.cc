#include "documents/forms/pdf/podofo_renderer.h"

#include <podofo/podofo.h>

#include <mutex>
#include <vector>

namespace ams::documents::forms {

namespace {

using namespace PoDoFo;

// A4 in points, with 50 pt margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 50;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kLabelWidth = 150;

PdfString Utf8(const std::string& s) { return PdfString(reinterpret_cast<const pdf_utf8*>(s.c_str())); }

// Draws top-down: `y` is the baseline of the next line, from the page top.
class Canvas {
 public:
  explicit Canvas(PdfMemDocument& doc) : doc_(doc) {
    const PdfEncoding* enc = PdfEncodingFactory::GlobalWinAnsiEncodingInstance();
    auto base14 = PdfFontCache::eFontCreationFlags_AutoSelectBase14;
    // The base-14 names themselves: PoDoFo 0.9 ignores the bold and italic
    // flags for a base-14 "Helvetica".
    regular_ = doc.CreateFont("Helvetica", false, false, false, enc, base14, false);
    bold_ = doc.CreateFont("Helvetica-Bold", false, false, false, enc, base14, false);
    italic_ = doc.CreateFont("Helvetica-Oblique", false, false, false, enc, base14, false);
    NewPage();
  }
  ~Canvas() { painter_.FinishPage(); }

  enum class Style { kRegular, kBold, kItalic };

  // Words of `text` wrapped to `width`; a word wider than the line is cut.
  std::vector<std::string> Wrap(const std::string& text, Style style, double size, double width) {
    PdfFont* font = Font(style, size);
    std::vector<std::string> lines;
    std::string line;
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      std::string word = text.substr(start, end - start);
      std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && font->GetFontMetrics()->StringWidth(Utf8(candidate)) > width) {
        lines.push_back(line);
        line = word;
      } else {
        line = candidate;
      }
      start = end + 1;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
  }

  void Text(double x, double y, const std::string& text, Style style, double size) {
    painter_.SetFont(Font(style, size));
    painter_.DrawText(x, kPageHeight - y, Utf8(text));
  }

  // The largest size up to `size` (down to `min_size`) at which `text` fits
  // on one line of `width`.
  double FittingSize(const std::string& text, Style style, double size, double min_size,
                     double width) {
    while (size > min_size && Font(style, size)->GetFontMetrics()->StringWidth(Utf8(text)) > width) {
      size -= 0.5;
    }
    return size;
  }

  void Centered(double y, const std::string& text, Style style, double size) {
    PdfFont* font = Font(style, size);
    painter_.SetFont(font);
    double w = font->GetFontMetrics()->StringWidth(Utf8(text));
    painter_.DrawText(kMargin + (kContentWidth - w) / 2, kPageHeight - y, Utf8(text));
  }

  // Wrapped paragraph; returns the y after it.
  double Paragraph(double x, double y, double width, const std::string& text, Style style,
                   double size, bool centered = false) {
    for (const std::string& line : Wrap(text, style, size, width)) {
      if (centered) {
        Centered(y, line, style, size);
      } else {
        Text(x, y, line, style, size);
      }
      y += size * 1.3;
    }
    return y;
  }

  void Box(double x, double top, double w, double h) {
    painter_.Rectangle(x, kPageHeight - top - h, w, h);
    painter_.Stroke();
  }

  void Line(double x1, double y, double x2) {
    painter_.DrawLine(x1, kPageHeight - y, x2, kPageHeight - y);
  }

  void SetGray(double g) { painter_.SetGray(g); }

  // Starts a new page when fewer than `needed` points are left.
  double Ensure(double y, double needed) {
    if (y + needed <= kPageHeight - kMargin) return y;
    painter_.FinishPage();
    NewPage();
    return kMargin + 10;
  }

 private:
  void NewPage() {
    PdfPage* page = doc_.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
    painter_.SetPage(page);
    painter_.SetStrokeWidth(0.6);
  }

  PdfFont* Font(Style style, double size) {
    PdfFont* f = style == Style::kBold ? bold_ : style == Style::kItalic ? italic_ : regular_;
    f->SetFontSize(static_cast<float>(size));
    return f;
  }

  PdfMemDocument& doc_;
  PdfPainter painter_;
  PdfFont* regular_;
  PdfFont* bold_;
  PdfFont* italic_;
};

using Style = Canvas::Style;

// A table row: the bilingual label, then one box per column with the value
// (wrapped to two lines at most) in the first.
double Row(Canvas& c, double y, const FormRow& row, int columns) {
  constexpr double kHeight = 30;
  y = c.Ensure(y, kHeight);
  const double value_width = (kContentWidth - kLabelWidth) / columns;
  c.Box(kMargin, y, kLabelWidth, kHeight);
  c.Text(kMargin + 4, y + 11, row.label_id, Style::kBold, 8.5);
  c.SetGray(0.35);
  c.Text(kMargin + 4, y + 22, row.label_en, Style::kItalic, 7.5);
  c.SetGray(0);
  for (int col = 0; col < columns; ++col) {
    c.Box(kMargin + kLabelWidth + col * value_width, y, value_width, kHeight);
  }
  std::vector<std::string> lines = c.Wrap(row.value, Style::kRegular, 9, value_width - 8);
  for (size_t i = 0; i < lines.size() && i < 2; ++i) {
    c.Text(kMargin + kLabelWidth + 4, y + 12 + 11 * static_cast<double>(i), lines[i],
           Style::kRegular, 9);
  }
  return y + kHeight;
}

// The column titles of a data change table, above its rows.
double ColumnTitles(Canvas& c, double y) {
  const double value_width = (kContentWidth - kLabelWidth) / 2;
  const char* titles[][2] = {{"Data saat ini", "Current data"}, {"Data baru", "New data"}};
  for (int col = 0; col < 2; ++col) {
    const double x = kMargin + kLabelWidth + col * value_width + 4;
    c.Text(x, y, titles[col][0], Style::kBold, 8.5);
    c.SetGray(0.35);
    c.Text(x + 80, y, titles[col][1], Style::kItalic, 7.5);
    c.SetGray(0);
  }
  return y + 6;
}

double Heading(Canvas& c, double y, const std::string& id, const std::string& en) {
  y = c.Ensure(y, 40);
  c.Text(kMargin, y, id, Style::kBold, 10);
  c.SetGray(0.35);
  c.Text(kMargin, y + 11, en, Style::kItalic, 8);
  c.SetGray(0);
  return y + 18;
}

void Draw(Canvas& c, const FormDocument& f) {
  double y = kMargin + 8;
  c.SetGray(0.35);
  c.Text(kMargin, y, "AMS - Aplikasi Manajemen Sertifikat", Style::kRegular, 8);
  c.SetGray(0);
  y += 24;
  const double title_size = c.FittingSize(f.title_id, Style::kBold, 13, 10, kContentWidth);
  y = c.Paragraph(kMargin, y, kContentWidth, f.title_id, Style::kBold, title_size, /*centered=*/true);
  y = c.Paragraph(kMargin, y, kContentWidth, f.title_en, Style::kItalic, 10, /*centered=*/true);
  c.Line(kMargin, y, kMargin + kContentWidth);
  y += 16;
  y = c.Paragraph(kMargin, y, kContentWidth, f.instructions_id, Style::kRegular, 9);
  c.SetGray(0.35);
  y = c.Paragraph(kMargin, y, kContentWidth, f.instructions_en, Style::kItalic, 8);
  c.SetGray(0);
  y += 10;

  const bool new_values = !f.rows.empty() && f.rows.front().new_value_box;
  y = Heading(c, y, f.rows_heading_id, f.rows_heading_en);
  if (new_values) y = ColumnTitles(c, y);
  for (const FormRow& row : f.rows) y = Row(c, y, row, new_values ? 2 : 1);
  y += 14;

  if (!f.choices.empty()) {
    y = Heading(c, y, f.choices_heading_id, f.choices_heading_en) + 10;
    for (const FormChoice& choice : f.choices) {
      y = c.Ensure(y, 18);
      c.Box(kMargin + 2, y - 8, 9, 9);
      c.Text(kMargin + 18, y, choice.label_id, Style::kRegular, 9);
      c.SetGray(0.35);
      c.Text(kMargin + 250, y, choice.label_en, Style::kItalic, 8);
      c.SetGray(0);
      y += 16;
    }
    y += 6;
  }
  for (const FormRow& row : f.extra_rows) y = Row(c, y, row, 1);
  if (!f.extra_rows.empty()) y += 14;

  y = c.Ensure(y, 170);
  y = c.Paragraph(kMargin, y, kContentWidth, f.declaration_id, Style::kRegular, 9);
  c.SetGray(0.35);
  y = c.Paragraph(kMargin, y, kContentWidth, f.declaration_en, Style::kItalic, 8);
  c.SetGray(0);

  // The signature block, right half: place and date, room to sign, the name.
  const double x = kMargin + kContentWidth / 2 + 20;
  y += 22;
  c.Text(x, y, "Tempat, tanggal / Place, date:", Style::kRegular, 9);
  c.Line(x, y + 16, kMargin + kContentWidth);
  y += 32;
  c.Text(x, y, "Tanda tangan pemohon", Style::kRegular, 9);
  c.SetGray(0.35);
  c.Text(x, y + 10, "Applicant's signature", Style::kItalic, 8);
  c.SetGray(0);
  y += 62;
  c.Line(x, y, kMargin + kContentWidth);
  y += 12;
  y = c.Paragraph(x, y, kContentWidth / 2 - 20, f.signer_name.empty() ? " " : f.signer_name,
                  Style::kBold, 9);
  if (!f.signer_nip.empty()) c.Text(x, y, "NIP " + f.signer_nip, Style::kRegular, 9);

  c.SetGray(0.35);
  c.Text(kMargin, kPageHeight - kMargin + 20,
         "Dicetak dari AMS / Printed from AMS: " + f.printed_at + "  (" + ToString(f.kind) + ")",
         Style::kRegular, 7);
  c.SetGray(0);
}

}  // namespace

Result<std::string> PodofoFormRenderer::Render(const FormDocument& form) {
  static std::mutex mu;
  std::lock_guard lock(mu);
  // PoDoFo logs its own errors to stderr; ours go through Status.
  PdfError::EnableLogging(false);
  try {
    PdfMemDocument doc;
    {
      Canvas canvas(doc);
      Draw(canvas, form);
    }
    doc.GetInfo()->SetTitle(Utf8(form.title_id));
    doc.GetInfo()->SetSubject(Utf8(form.title_en));
    doc.GetInfo()->SetCreator(PdfString("AMS"));
    PdfRefCountedBuffer buffer;
    PdfOutputDevice device(&buffer);
    doc.Write(&device);
    return std::string(buffer.GetBuffer(), device.GetLength());
  } catch (const PdfError& e) {
    const char* message = PdfError::ErrorMessage(e.GetError());
    return Status::Internal(std::string("PoDoFo: ") + (message ? message : PdfError::ErrorName(e.GetError())));
  } catch (const std::exception& e) {
    return Status::Internal(std::string("PDF: ") + e.what());
  }
}

}  // namespace ams::documents::forms
