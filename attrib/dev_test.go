package attrib

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/whosaid/whosaid/brat"
	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/output"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/quote"
	"github.com/whosaid/whosaid/tokenize"
)

// TestDevRun trains on PolNeAR train and writes brat predictions for dev to $WHOSAID_DEV_OUT.
func TestDevRun(t *testing.T) {
	out := os.Getenv("WHOSAID_DEV_OUT")
	if out == "" {
		t.Skip("set WHOSAID_DEV_OUT")
	}
	train, err := brat.ReadGold("../../shared/data/polnear/train")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := brat.ReadGold("../../shared/data/polnear/dev")
	if err != nil {
		t.Fatal(err)
	}
	tk := tokenize.New()
	write := func(m *Model, dir string) {
		os.MkdirAll(dir, 0o755)
		for _, g := range dev {
			d := &document.Doc{Text: g.Text}
			tk.Tokenize(d)
			d.Statements = m.Statements(d)
			f, _ := os.Create(filepath.Join(dir, g.Name+".ann"))
			output.WriteBrat(f, d)
			f.Close()
		}
	}
	s := Defaults()
	s.Epochs = 8
	if v := os.Getenv("WHOSAID_PRUNE"); v != "" {
		f, _ := strconv.ParseFloat(v, 32)
		s.Prune = float32(f)
	}
	s.AfterEpoch = func(e int, m *Model) {
		if e%4 == 0 {
			write(m, fmt.Sprintf("%s-e%d", out, e))
		}
	}
	m, err := Train(train, s, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", m.Meta)
	dir := out + "-oracle"
	os.MkdirAll(dir, 0o755)
	for _, g := range dev {
		d := m.oracleStatements(tk, g)
		f, _ := os.Create(filepath.Join(dir, g.Name+".ann"))
		output.WriteBrat(f, d)
		f.Close()
	}
	qx := quote.New()
	for mode := 0; mode <= 0; mode++ {
		dir := fmt.Sprintf("%s-m%d", out, mode)
		os.MkdirAll(dir, 0o755)
		for _, g := range dev {
			d := &document.Doc{Text: g.Text}
			tk.Tokenize(d)
			qx.Extract(d)
			d.Statements = Combine(d.Text, m.Statements(d), d.Statements)
			f, _ := os.Create(filepath.Join(dir, g.Name+".ann"))
			output.WriteBrat(f, d)
			f.Close()
		}
	}
}

// oracleStatements runs the role tagger on the gold cues of g (for measuring the role
// tagger alone).
func (m *Model) oracleStatements(tk *tokenize.Tokenizer, g brat.GoldDoc) *document.Doc {
	td := prepareGold(tk, newCueClasses(quote.CueWords()), pos.Default(), g)
	p := td.p
	cues := make([]tokRange, 0, len(td.rels))
	for _, r := range td.rels {
		cues = append(cues, r.cue)
	}
	clear(p.isCue)
	var out []document.Statement
	for _, r := range m.roles(p, cues) {
		st := document.Statement{Cue: span(p.d, r.cue), Continues: -1, Kind: document.Indirect}
		if !r.src.empty() {
			st.Source = span(p.d, r.src)
		}
		for _, c := range r.content {
			st.Content = append(st.Content, span(p.d, c))
		}
		out = append(out, st)
	}
	p.d.Statements = out
	return p.d
}
