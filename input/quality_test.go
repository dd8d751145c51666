package input

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

// wordRE is the \w+ of score_extraction.py (Python's Unicode \w: letters, digits, marks and
// the underscore).
var wordRE = regexp.MustCompile(`[\pL\pN\pM_]+`)

// bag counts the lower-cased words of s, as score_extraction.py does.
func bag(s string) map[string]int {
	b := map[string]int{}
	for _, w := range wordRE.FindAllString(s, -1) {
		b[strings.ToLower(w)]++
	}
	return b
}

// wordF1 is score_extraction.py's per-page bag-of-words F1.
func wordF1(pred, gold string) float64 {
	p, g := bag(pred), bag(gold)
	tp, np, ng := 0, 0, 0
	for w, n := range p {
		tp += min(n, g[w])
		np += n
	}
	for _, n := range g {
		ng += n
	}
	if tp == 0 {
		return 0
	}
	P, R := float64(tp)/float64(np), float64(tp)/float64(ng)
	return 2 * P * R / (P + R)
}

// body is the text of an extracted article without its title paragraph: what benchmarks of
// main-text extraction call the article body.
func body(a *Article) string {
	if a.Title != "" {
		if _, rest, ok := strings.Cut(a.Text, "\n\n"); ok && headline(a.Text) == a.Title {
			return rest
		}
	}
	return a.Text
}

// readOne reads the single article of path.
func readOne(t testing.TB, path string) (*Article, error) {
	t.Helper()
	r := Open([]string{path}, Options{})
	a, err := r.Next()
	if err != nil {
		return nil, err
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("%s: more than one article", path)
	}
	return a, nil
}

// TestScrapinghubExtraction measures main-text extraction on the 181 news pages of the
// Scrapinghub article-extraction benchmark: the mean bag-of-words F1 of the article body
// (the text less its title paragraph, as the ground truth has no title) must be at least
// 0.95. With WHOSAID_PRED_DIR set it also writes one NAME.json per page there in the form
// ../shared/eval/score_extraction.py reads (scripts/score-html-extraction.sh does that).
func TestScrapinghubExtraction(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := sharedtest.Path(t, "data", "scrapinghub-aeb")
	raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	predDir := os.Getenv("WHOSAID_PRED_DIR")
	var sumBody, sumText float64
	var failed int
	start := time.Now()
	for id, g := range gold {
		a, err := readOne(t, filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			t.Logf("%s: %v", id, err)
			failed++
			continue
		}
		fb, ft := wordF1(body(a), g.ArticleBody), wordF1(a.Text, g.ArticleBody)
		sumBody += fb
		sumText += ft
		if testing.Verbose() && fb < 0.8 {
			t.Logf("%s: F1 %.3f (%s)", id, fb, g.URL)
		}
		if predDir != "" {
			p := map[string]string{"title": a.Title, "text": body(a)}
			if !a.Published.IsZero() {
				p["published"] = a.Published.Format(time.RFC3339)
			}
			b, _ := json.Marshal(p)
			if err := os.WriteFile(filepath.Join(predDir, id+".json"), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	n := float64(len(gold))
	t.Logf("scrapinghub-aeb: %d pages (%d unread) in %v: word F1 of the body %.3f, of the text with its title %.3f",
		len(gold), failed, time.Since(start).Round(time.Millisecond), sumBody/n, sumText/n)
	if sumBody/n < 0.95 {
		t.Errorf("word F1 %.3f, want at least 0.95", sumBody/n)
	}
}

// normSpace collapses whitespace runs to one space.
func normSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// TestTrafilaturaEval measures extraction on the English pages of trafilatura's evaluation
// set: the share of pages whose expected snippets are all kept and whose unwanted snippets
// are all dropped, and snippet-level precision and recall.
func TestTrafilaturaEval(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := sharedtest.Path(t, "data", "trafilatura-eval-en")
	raw, err := os.ReadFile(filepath.Join(dir, "evaldata_en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var eval map[string]struct {
		File    string   `json:"file"`
		Date    string   `json:"date"`
		Title   string   `json:"title"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(raw, &eval); err != nil {
		t.Fatal(err)
	}
	var pages, allGood, keptOK, droppedOK, tp, fn, fp, tn, unread, dated, dateOK, titled, titleOK int
	for url, e := range eval {
		pages++
		a, err := readOne(t, filepath.Join(dir, "html", e.File+".gz"))
		text := ""
		if err != nil {
			unread++
			if testing.Verbose() {
				t.Logf("%s: %v", e.File, err)
			}
		} else {
			text = normSpace(a.Text)
		}
		if e.Date != "" {
			dated++
			if a != nil && !a.Published.IsZero() && a.Published.Format("2006-01-02") == e.Date {
				dateOK++
			}
		}
		if e.Title != "" {
			titled++
			if a != nil && strings.EqualFold(a.Title, normSpace(e.Title)) {
				titleOK++
			}
		}
		kept, dropped := true, true
		for _, s := range e.With {
			if strings.Contains(text, normSpace(s)) {
				tp++
			} else {
				fn++
				kept = false
			}
		}
		for _, s := range e.Without {
			if strings.Contains(text, normSpace(s)) {
				fp++
				dropped = false
			} else {
				tn++
			}
		}
		if kept {
			keptOK++
		}
		if dropped {
			droppedOK++
		}
		if kept && dropped {
			allGood++
		} else if testing.Verbose() {
			t.Logf("%s (%s): kept all %v, dropped all %v", e.File, url, kept, dropped)
		}
	}
	P, R := float64(tp)/float64(tp+fp), float64(tp)/float64(tp+fn)
	t.Logf("trafilatura-eval-en: %d pages (%d unread): all expected kept and all unwanted dropped %.3f "+
		"(expected all kept %.3f, unwanted all dropped %.3f); snippets: precision %.3f recall %.3f F1 %.3f accuracy %.3f",
		pages, unread, float64(allGood)/float64(pages), float64(keptOK)/float64(pages), float64(droppedOK)/float64(pages),
		P, R, 2*P*R/(P+R), float64(tp+tn)/float64(tp+tn+fp+fn))
	t.Logf("trafilatura-eval-en: date match %d of %d dated (%.3f), title match %d of %d (%.3f)",
		dateOK, dated, float64(dateOK)/float64(dated), titleOK, titled, float64(titleOK)/float64(titled))
}
