package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/whosaid/whosaid/document"
)

// WriteText writes a reader's view of d: the headline, then each statement with its speaker,
// kind, reporting word, date, the words said and the entities they mention.
func WriteText(w io.Writer, d *document.Doc) error {
	bw := bufio.NewWriter(w)
	head := d.Title
	if head == "" {
		head = d.ID
	}
	fmt.Fprintf(bw, "%s\n", head)
	var meta []string
	if d.ID != "" && d.ID != head {
		meta = append(meta, d.ID)
	}
	if d.Outlet != "" {
		meta = append(meta, d.Outlet)
	}
	if !d.Published.IsZero() {
		meta = append(meta, d.Published.Format("2006-01-02"))
	}
	plural := "s"
	if len(d.Statements) == 1 {
		plural = ""
	}
	meta = append(meta, fmt.Sprintf("%d statement%s", len(d.Statements), plural))
	fmt.Fprintf(bw, "  %s\n\n", strings.Join(meta, " · "))
	for i, st := range d.Statements {
		who := st.Speaker.Name
		if who == "" {
			who = "(unnamed)"
		}
		if !st.Source.Empty() && d.Slice(st.Source) != st.Speaker.Name {
			who += fmt.Sprintf(" [%q]", flat(d.Slice(st.Source)))
		}
		cue := "—"
		if !st.Cue.Empty() {
			cue = flat(d.Slice(st.Cue))
		} else if st.Continues >= 0 {
			cue = fmt.Sprintf("continues %d", st.Continues+1)
		}
		date := ""
		if st.Date != "" {
			date = " · " + st.Date
		}
		fmt.Fprintf(bw, "%3d. %s · %s · %s%s\n", i+1, who, st.Kind, cue, date)
		parts := make([]string, 0, len(st.Content))
		for _, sp := range st.Content {
			parts = append(parts, flat(d.Slice(sp)))
		}
		fmt.Fprintf(bw, "     %s\n", strings.Join(parts, " … "))
		if len(st.About) > 0 {
			names := make([]string, 0, len(st.About))
			for _, e := range st.About {
				if e >= 0 && e < len(d.Entities) {
					names = append(names, d.Entities[e].Name)
				}
			}
			fmt.Fprintf(bw, "     about: %s\n", strings.Join(names, ", "))
		}
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}
