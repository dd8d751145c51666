package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestExampleGolden keeps the README's example honest: the bundled article's text and JSON
// output must match the golden files (regenerate with go test ./cli -run Golden -update).
func TestExampleGolden(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var out, errb bytes.Buffer
		code := Main(context.Background(), Env{Stdout: &out, Stderr: &errb},
			[]string{"extract", "--format", format, "--date", "2024-03-14", "../examples/eastport-bridge.txt"})
		if code != 0 {
			t.Fatalf("extract --format %s exited %d: %s", format, code, errb.String())
		}
		golden := filepath.Join("testdata", "eastport-bridge."+format+".golden")
		if *update {
			if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("--format %s output differs from %s:\n%s", format, golden, out.String())
		}
	}
}
