package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/whosaid/whosaid/attrib"
	"github.com/whosaid/whosaid/pipeline"
)

// modelFlag is the --model option of the commands that analyse articles (extract, ingest,
// eval): an attribution model that 'whosaid train attribution --out FILE' wrote, used in
// place of the embedded one. Whoever retrains (with other settings, or on their own news
// annotated in PolNeAR's layout, through --data) runs and scores the result without
// rebuilding the binary. The model reads the embedded entity tagger's word clusters, so it
// must have been trained by a binary with the same entity model.
type modelFlag struct{ path *string }

func addModelFlag(fs *flag.FlagSet) modelFlag {
	return modelFlag{fs.String("model", "", "attribution model `FILE` written by 'whosaid train attribution --out FILE' (default: the embedded one)")}
}

// analyzer returns the whole pipeline's analyzer, with the model of --model if it is set.
func (f modelFlag) analyzer() (*pipeline.Analyzer, error) {
	if *f.path == "" {
		return pipeline.New(), nil
	}
	m, err := readModel(*f.path)
	if err != nil {
		return nil, fmt.Errorf("--model %w", err)
	}
	return pipeline.NewWithModel(m), nil
}

// readModel reads an attribution model file; its errors name the file.
func readModel(path string) (*attrib.Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err // names the file
	}
	m, err := attrib.Load(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// writeModel writes an attribution model file and returns its size in bytes.
func writeModel(path string, m *attrib.Model) (int, error) {
	var b bytes.Buffer
	if _, err := m.WriteTo(&b); err != nil {
		return 0, err
	}
	return b.Len(), os.WriteFile(path, b.Bytes(), 0o644) // its error names the file
}
