package firstname

import "testing"

func TestTable(t *testing.T) {
	if err := Check(); err != nil {
		t.Fatal(err)
	}
	m, _ := parsed()
	if len(m) < 100 {
		t.Fatalf("only %d first names", len(m))
	}
	for name, want := range map[string]Gender{"Donald": Masculine, "Hillary": Feminine, "Bernie": Masculine, "Nobody": Unknown} {
		if got := Of(name); got != want {
			t.Errorf("%s: %d, want %d", name, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	m, err := Parse([]byte("Ann\tf\t0\t3\nLee\tm\t9\t1\n"))
	if err != nil || len(m) != 2 || m["Ann"] != Feminine || m["Lee"] != Masculine {
		t.Errorf("Parse: %v, %v", m, err)
	}
	if _, err := Parse([]byte("Ann\tx\n")); err == nil {
		t.Error("Parse accepted a gender x")
	}
}

func TestHonorific(t *testing.T) {
	for w, want := range map[string]Gender{"Mr.": Masculine, "MR": Masculine, "Mrs.": Feminine, "Ms": Feminine, "Miss": Feminine, "Dr.": Unknown, "Mrsx": Unknown} {
		if got := Honorific(w); got != want {
			t.Errorf("Honorific(%q) = %d, want %d", w, got, want)
		}
	}
}
