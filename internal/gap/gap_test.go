package gap

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	data := "ID\tText\tPronoun\tPronoun-offset\tA\tA-offset\tA-coref\tB\tB-offset\tB-coref\tURL\n" +
		"t-1\tÅsa Lee met Tom. She left.\tShe\t17\tÅsa Lee\t0\tTRUE\tTom\t12\tFALSE\thttp://x\n"
	var got []Example
	if err := Read(strings.NewReader(data), func(e Example) { got = append(got, e) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("%d examples, want 1", len(got))
	}
	e := got[0]
	if e.Text[e.Offset:e.Offset+len(e.Pronoun)] != "She" || e.Names != [2]string{"Åsa Lee", "Tom"} || e.Coref != [2]bool{true, false} {
		t.Errorf("example %+v", e)
	}
	bad := strings.Replace(data, "\t17\t", "\t3\t", 1)
	if err := Read(strings.NewReader(bad), func(Example) {}); err == nil {
		t.Error("a pronoun not at its offset was read")
	}
}
