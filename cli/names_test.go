package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/whosaid/whosaid/internal/sharedtest"
)

// TestFirstNamesReproduce makes the first-name table from ../shared/data as `whosaid train
// names` does and compares it with the one the build embeds (internal/firstname/table.tsv).
func TestFirstNamesReproduce(t *testing.T) {
	data := sharedtest.Path(t, "data", "gap-coreference")
	table, docs, err := firstNameTable(filepath.Dir(data))
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := os.ReadFile(filepath.Join("..", "internal", "firstname", "table.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(table, embedded) {
		t.Errorf("the table made from %d articles and GAP differs from internal/firstname/table.tsv: run `whosaid train names --out internal/firstname/table.tsv`", docs)
	}
}
