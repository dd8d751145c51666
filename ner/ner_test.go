package ner

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

var writeModelFlag = flag.Bool("write-model", false, "TestRetrain: write the trained model to model.bin")

// words splits a test sentence on spaces.
func words(s string) []string { return strings.Fields(s) }

// tagged renders a sentence with its entities in brackets: "[PER Rosa Lind] said".
func tagged(ws []string, ls []Label) string {
	var b strings.Builder
	spans := Spans(ls)
	j := 0
	for i, w := range ws {
		if j < len(spans) && spans[j].Start == i {
			b.WriteString("[" + spans[j].Type.String() + " ")
		}
		b.WriteString(w)
		if j < len(spans) && spans[j].End == i+1 {
			b.WriteString("]")
			j++
		}
		if i+1 < len(ws) {
			b.WriteString(" ")
		}
	}
	return b.String()
}

// The sentences below are written for these tests.
func TestTagSentences(t *testing.T) {
	tg := Default()
	tests := []struct{ in, want string }{
		{"Rosa Lind , the mayor , said on Friday that Springfield will plant two hundred trees .",
			"[PER Rosa Lind] , the mayor , said on Friday that [LOC Springfield] will plant two hundred trees ."},
		{"Shares in Acme Corp rose 5 percent in New York on Tuesday .",
			"Shares in [ORG Acme Corp] rose 5 percent in [LOC New York] on Tuesday ."},
		{"The German chancellor met French officials in Paris .",
			"The [MISC German] chancellor met [MISC French] officials in [LOC Paris] ."},
		{"“ We will not resign , ” Angela Merkel told reporters in Berlin .",
			"“ We will not resign , ” [PER Angela Merkel] told reporters in [LOC Berlin] ."},
	}
	for _, tc := range tests {
		ws := words(tc.in)
		out := make([]Label, len(ws))
		tg.Tag(ws, out)
		if got := tagged(ws, out); got != tc.want {
			t.Errorf("\n got %s\nwant %s", got, tc.want)
		}
	}
}

func TestSpans(t *testing.T) {
	B, I, L, U := Begin, Inside, Last, Unit
	tests := []struct {
		name   string
		labels []Label
		want   []Span
	}{
		{"empty", nil, nil},
		{"outside", []Label{{}, {}}, nil},
		{"unit", []Label{{Person, U}}, []Span{{0, 1, Person}}},
		{"begin last", []Label{{}, {Place, B}, {Place, L}, {}}, []Span{{1, 3, Place}}},
		{"begin inside last", []Label{{Organization, B}, {Organization, I}, {Organization, L}}, []Span{{0, 3, Organization}}},
		{"two units", []Label{{Person, U}, {Person, U}}, []Span{{0, 1, Person}, {1, 2, Person}}},
		{"unclosed at end", []Label{{}, {Other, B}, {Other, I}}, []Span{{1, 3, Other}}},
		{"type change", []Label{{Person, B}, {Place, L}}, []Span{{0, 1, Person}, {1, 2, Place}}},
		{"inside without begin", []Label{{Place, I}, {Place, L}}, []Span{{0, 2, Place}}},
	}
	for _, tc := range tests {
		got := Spans(tc.labels)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: Spans = %v, want %v", tc.name, got, tc.want)
		}
		// encoding the spans and reading them back gives them again
		cls := make([]uint8, len(tc.labels))
		encode(tc.want, cls)
		ls := make([]Label, len(cls))
		for i, c := range cls {
			ls[i] = labelOf(int(c))
		}
		if got := Spans(ls); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%s: round trip gives %v", tc.name, got)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		l    Label
		want string
	}{
		{Label{}, "O"}, {Label{Person, Begin}, "B-PER"}, {Label{Organization, Inside}, "I-ORG"},
		{Label{Place, Last}, "I-LOC"}, {Label{Other, Unit}, "B-MISC"}, {Label{Person, Out}, "O"},
	} {
		if got := tc.l.CoNLL(); got != tc.want {
			t.Errorf("%+v.CoNLL() = %q, want %q", tc.l, got, tc.want)
		}
	}
	for c := 0; c < numClasses; c++ {
		if classOf(labelOf(c)) != c {
			t.Errorf("class %d does not round-trip", c)
		}
	}
	if Type(9).String() != "Type(9)" {
		t.Error(Type(9).String())
	}
}

func TestChunks(t *testing.T) {
	for _, tc := range []struct {
		tags string
		want []Span
	}{
		{"O O", nil},
		{"I-PER I-PER O I-LOC", []Span{{0, 2, Person}, {3, 4, Place}}}, // IOB1
		{"I-PER B-PER", []Span{{0, 1, Person}, {1, 2, Person}}},
		{"B-ORG I-ORG I-LOC", []Span{{0, 2, Organization}, {2, 3, Place}}},
		{"O I-MISC", []Span{{1, 2, Other}}},
	} {
		if got := chunks(words(tc.tags)); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("chunks(%s) = %v, want %v", tc.tags, got, tc.want)
		}
	}
}

func TestSplitText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`“I won’t go,” said Mr. Smith (of the U.S.).`, `" I wo n't go , " said Mr. Smith ( of the U.S. ) .`},
		{"Trump's aides...", "Trump 's aides ..."},
		{"", ""},
	} {
		if got := strings.Join(splitText(tc.in, nil), " "); got != tc.want {
			t.Errorf("splitText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTagEdgeCases(t *testing.T) {
	tg := Default()
	tg.Tag(nil, nil)
	if got := tg.TagDoc(nil); len(got) != 0 {
		t.Errorf("TagDoc(nil) = %v", got)
	}
	got := tg.TagDoc([][]string{{}, {"Hello"}, {"", " ", "\xff", "東京"}})
	if len(got) != 3 || len(got[0]) != 0 || len(got[1]) != 1 || len(got[2]) != 4 {
		t.Errorf("TagDoc: %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("no panic with out shorter than words")
		}
	}()
	tg.Tag([]string{"a", "b"}, make([]Label, 1))
}

// TestDocumentHistory checks that TagDoc uses what it found earlier in the document: a
// surname alone is a person once the full name has been seen.
func TestDocumentHistory(t *testing.T) {
	tg := Default()
	doc := [][]string{
		words("Marta Quillfeather , the new coach , arrived on Monday ."),
		words("Quillfeather said the team would train twice a day ."),
	}
	ls := tg.TagDoc(doc)
	if got := tagged(doc[1], ls[1]); !strings.HasPrefix(got, "[PER Quillfeather]") {
		t.Errorf("second sentence: %s\n(first: %s)", got, tagged(doc[0], ls[0]))
	}
}

func TestConcurrent(t *testing.T) {
	tg := Default()
	sents := [][]string{
		words("Rosa Lind , the mayor , said on Friday that Springfield will plant two hundred trees ."),
		words("Shares in Acme Corp rose 5 percent in New York on Tuesday ."),
		words("The German chancellor met French officials in Paris ."),
	}
	want := make([][]Label, len(sents))
	for i, s := range sents {
		want[i] = make([]Label, len(s))
		tg.Tag(s, want[i])
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := 0; r < 100; r++ {
				i := (g + r) % len(sents)
				out := make([]Label, len(sents[i]))
				tg.Tag(sents[i], out)
				if fmt.Sprint(out) != fmt.Sprint(want[i]) {
					t.Errorf("goroutine %d: sentence %d: %v, want %v", g, i, out, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestLoadErrors(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("this is not a model"),
		"truncated": model[:len(model)/2],
	} {
		if _, err := Load(bytes.NewReader(data)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestLoadTime checks that Default is quick; the bound is loose so that a busy machine does
// not fail it.
func TestLoadTime(t *testing.T) {
	start := time.Now()
	Default()
	d := time.Since(start)
	t.Logf("Default: %v", d)
	if d > 500*time.Millisecond && !testing.Short() {
		t.Errorf("Default took %v", d)
	}
}

// validFloor is the F1 on CoNLL valid below which TestValidFloor fails: a little under
// what the embedded model scores (see doc.go).
const validFloor = 92.0

// TestValidFloor tags CoNLL valid with the embedded model, scores it with the project's
// yardstick score_conll_ner.py, and fails below validFloor.
func TestValidFloor(t *testing.T) {
	dir := sharedtest.Path(t, "data", "conll2003")
	py := sharedtest.Python(t)
	raw, err := os.ReadFile(filepath.Join(dir, "valid.txt"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := readCoNLL(bytes.NewReader(raw), "valid.txt")
	if err != nil {
		t.Fatal(err)
	}
	tg := Default()
	var tags []string
	for _, d := range docs {
		var ss [][]string
		for _, s := range d.sents {
			ss = append(ss, s.words)
		}
		for _, ls := range tg.TagDoc(ss) {
			for _, l := range ls {
				tags = append(tags, l.CoNLL())
			}
		}
	}
	var out bytes.Buffer
	for _, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] == "-DOCSTART-" {
			out.WriteString(line + "\n")
			continue
		}
		out.WriteString(line + " " + tags[0] + "\n")
		tags = tags[1:]
	}
	file := filepath.Join(t.TempDir(), "valid.pred")
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := exec.Command(py, filepath.Join(sharedtest.Root, "eval", "score_conll_ner.py"), file).CombinedOutput()
	t.Logf("%s", res)
	if err != nil {
		t.Fatalf("score_conll_ner.py: %v", err)
	}
	var f1 float64
	for _, line := range strings.Split(string(res), "\n") {
		if strings.HasPrefix(line, "overall") {
			i := strings.Index(line, "F1")
			fmt.Sscan(line[i+2:], &f1)
		}
	}
	if f1 < validFloor {
		t.Errorf("F1 %.2f on CoNLL valid, want at least %.1f", f1, validFloor)
	}
}

// TestRetrain trains on CoNLL-2003 and checks that the result is the embedded model, byte
// for byte; with -write-model it writes model.bin instead. It takes about a minute (most of
// it clustering), so -short skips it.
func TestRetrain(t *testing.T) {
	dir := sharedtest.Path(t, "data", "conll2003")
	if testing.Short() && !*writeModelFlag {
		t.Skip("-short")
	}
	var log bytes.Buffer
	m, rep, err := Train(dir, &log)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", log.String())
	if rep.Epochs != defaultConfig.epochs || rep.TrainTokens == 0 || rep.ValidTokens == 0 || rep.ModelBytes != len(m) ||
		rep.Valid[None].F1 < 90 || rep.Features == 0 || rep.ClusterWords == 0 || rep.GazNames == 0 {
		t.Errorf("implausible report: %+v", rep)
	}
	if *writeModelFlag {
		if err := os.WriteFile("model.bin", m, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote model.bin (%d bytes)", len(m))
		return
	}
	if !bytes.Equal(m, model) {
		t.Errorf("trained model (%d bytes) differs from the embedded model.bin (%d bytes); "+
			"if the change is intended, run go test ./ner -run TestRetrain -write-model", len(m), len(model))
	}
}

func TestTrainMissingData(t *testing.T) {
	if _, _, err := Train(t.TempDir(), nil); err == nil {
		t.Error("no error without train.txt")
	}
}

// FuzzLoad checks that no stream, however corrupt, makes Load panic or hang.
func FuzzLoad(f *testing.F) {
	f.Add(model)
	f.Add(model[:len(model)/3])
	f.Add([]byte{})
	f.Add([]byte("whosaid-ner-1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tg, err := Load(bytes.NewReader(data))
		if err == nil {
			out := make([]Label, 3)
			tg.Tag([]string{"Rosa", "Lind", "said"}, out)
		}
	})
}

// FuzzReadCoNLL checks the CoNLL reader on any input: no panic, and every span it reads
// lies within its sentence.
func FuzzReadCoNLL(f *testing.F) {
	f.Add("-DOCSTART- -X- -X- O\n\nRosa NNP B-NP B-PER\nLind NNP I-NP I-PER\nsaid VBD B-VP O\n\n")
	f.Add("a O\nb I-LOC\nc B-LOC\n\nd I-MISC")
	f.Add("x\n")
	f.Add("a B-XYZ\n")
	f.Fuzz(func(t *testing.T, s string) {
		docs, err := readCoNLL(strings.NewReader(s), "fuzz")
		if err != nil {
			return
		}
		for _, d := range docs {
			for _, st := range d.sents {
				for _, sp := range st.gold {
					if sp.Start < 0 || sp.End > len(st.words) || sp.Start >= sp.End || sp.Type == None {
						t.Fatalf("bad span %v in %q", sp, st.words)
					}
				}
			}
		}
	})
}

// FuzzTag checks that any words are tagged without panicking, into well-formed BILOU.
func FuzzTag(f *testing.F) {
	tg := Default()
	for _, s := range []string{"Rosa Lind said on Friday .", "don’t Trump’s ’ “ ” — … 1996", "\xff\xfe a\x00b  ", "", "ÉTAT 東京 👍"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws := strings.Split(s, " ")
		ls := tg.TagDoc([][]string{ws, ws})
		for _, l := range ls {
			prev := -1
			for i, x := range l {
				c := classOf(x)
				if !allowed(prev, c) {
					t.Fatalf("word %d: %v after %v", i, x, labelOf(prev))
				}
				prev = c
			}
			if len(l) > 0 && !canEnd(prev) {
				t.Fatalf("ends on %v", labelOf(prev))
			}
		}
	})
}

// TestTagDocSpansInto checks that TagDocSpansInto, given the arrays it returned for the
// document before (too small for the next one, then larger than needed), returns the
// entities TagDocSpans returns, each sentence's a part of the array it returns.
func TestTagDocSpansInto(t *testing.T) {
	tg := Default()
	docs := [][][]string{
		{words("Marta Quillfeather arrived in Paris on Monday .")},
		{
			words("Marta Quillfeather , the new coach of Real Madrid , arrived on Monday ."),
			words("Quillfeather said the team would train in Berlin and Rome ."),
			words("No names here ."),
			words("The United Nations and NATO met Angela Merkel in Brussels ."),
		},
		{words("Quillfeather thanked FIFA .")},
		{},
	}
	var out [][]Span
	var all []Span
	for i, doc := range docs {
		want := tg.TagDocSpans(doc, nil)
		out, all = tg.TagDocSpansInto(out, all, doc, nil)
		got := fmt.Sprint(out)
		if len(out) != len(want) || got != fmt.Sprint(want) {
			t.Errorf("document %d: TagDocSpansInto %s, TagDocSpans %s", i, got, fmt.Sprint(want))
		}
		n := 0
		for _, s := range out {
			n += len(s)
		}
		if n != len(all) {
			t.Errorf("document %d: %d entities by sentence, %d in all", i, n, len(all))
		}
		if i == 1 && n < 5 {
			t.Errorf("document %d: %d entities, want more to test with", i, n)
		}
	}
}
