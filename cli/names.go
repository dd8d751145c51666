package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/whosaid/whosaid/coref"
	"github.com/whosaid/whosaid/document"
	"github.com/whosaid/whosaid/entity"
	"github.com/whosaid/whosaid/pipeline"
	"github.com/whosaid/whosaid/pos"
	"github.com/whosaid/whosaid/tokenize"
)

// namesSources are the texts, under ../shared/data, whose persons' genders make the
// first-name table: news the evaluations do not read (not PolNeAR dev, not GUM).
var namesSources = []string{
	filepath.Join("polnear", "train", "text", "*.txt"),
	filepath.Join("polnear", "annotator-training", "text", "*.txt"),
	filepath.Join("bbc-news", "*", "*.txt"),
}

// namesGAP are GAP's files that the table learns from; gap-test.tsv is left to TestGAP.
var namesGAP = []string{
	filepath.Join("gap-coreference", "gap-development.tsv"),
	filepath.Join("gap-coreference", "gap-validation.tsv"),
}

func trainNames(env Env, args []string) int {
	data, out, code := trainFlags(env, args, trainCommand{
		name:    "names",
		data:    filepath.Join("..", "shared", "data"),
		dataFor: "the shared data folder `DIR`",
		outFor:  "write the table to `FILE` (internal/firstname/table.tsv is the one the build embeds)",
		about: "Makes the table of first names and their gender that coreference falls back on\n" +
			"where an article shows a person's gender by nothing else: from GAP's development and\n" +
			"validation files (the names a gendered pronoun refers to) and from the persons of\n" +
			"PolNeAR train, annotator-training and the BBC articles whose gender their article\n" +
			"shows (\"Mr.\", \"Ms.\", \"he\", \"she\"). Deterministic: the same data gives the\n" +
			"embedded table's bytes.\n",
	})
	if code >= 0 {
		return code
	}
	start := time.Now()
	table, docs, err := firstNameTable(data)
	if err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: training names: %v\n", err)
		return 1
	}
	if err := os.WriteFile(out, table, 0o644); err != nil {
		fmt.Fprintf(env.Stderr, "whosaid: %v\n", err)
		return 1
	}
	m, f := bytes.Count(table, []byte("\tm\t")), bytes.Count(table, []byte("\tf\t"))
	fmt.Fprintf(env.Stderr, "first names: %d (%d masculine, %d feminine) from %d articles and GAP's development and validation files, in %v; wrote %s\n",
		m+f, m, f, docs, time.Since(start).Round(time.Millisecond), out)
	return 0
}

// firstNameTable makes the first-name table from the data folder dir, and returns it with
// the number of articles read.
func firstNameTable(dir string) ([]byte, int, error) {
	counts := coref.NameCounts{}
	for _, g := range namesGAP {
		f, err := os.Open(filepath.Join(dir, g))
		if err != nil {
			return nil, 0, err
		}
		err = coref.CountGAPFirstNames(f, counts)
		f.Close()
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", g, err)
		}
	}
	// The entity stage without the first-name table: the table must not depend on itself.
	tok, ptag, ents, r := tokenize.New(), pos.Default(), entity.New(nil).WithoutFirstNames(), coref.New()
	a := pipeline.NewWith(pipeline.StageFunc(tok.Tokenize), pipeline.StageFunc(ptag.TagDoc), pipeline.StageFunc(ents.Find))
	docs := 0
	for _, pattern := range namesSources {
		files, err := filepath.Glob(filepath.Join(dir, pattern)) // in name order
		if err != nil {
			return nil, 0, err
		}
		if len(files) == 0 {
			return nil, 0, fmt.Errorf("no files match %s", filepath.Join(dir, pattern))
		}
		for _, path := range files {
			text, err := os.ReadFile(path)
			if err != nil {
				return nil, 0, err
			}
			d := &document.Doc{Text: string(text)}
			a.Analyze(d)
			r.CountFirstNames(d, counts)
			docs++
		}
	}
	var b bytes.Buffer
	if err := coref.FirstNames(counts, &b); err != nil {
		return nil, 0, err
	}
	return b.Bytes(), docs, nil
}
