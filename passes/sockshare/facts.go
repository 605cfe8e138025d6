package sockshare

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// UsesFact is an object fact on a function that uses a socket reached
// through its parameters: a call of it (or a goroutine running it) uses
// those sockets. Signals are the channels and WaitGroups it closes, sends
// on or marks Done after its last socket use, so that a launcher waiting
// on them is ordered after it. Parameter 0 of a method is its receiver.
//
// Only uses outside any critical section are recorded: a use the callee
// guards with its own mutex is not known to conflict with anything.
type UsesFact struct {
	Uses    []ParamPath
	Signals []ParamPath
}

// ParamPath is a location reached from parameter Param: the parameter's
// value, the variable it points to (Deref), or a field path below either.
type ParamPath struct {
	Param  int
	Deref  bool
	Fields []int
	Kind   uint8  // evUse or evPoll (for Signals: 0)
	Name   string // for String only, e.g. "p0.sock"
}

func (*UsesFact) AFact() {}

func (f *UsesFact) String() string {
	names := func(ps []ParamPath) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.Name)
		}
		return strings.Join(s, " ")
	}
	out := "sockUses(" + names(f.Uses) + ")"
	if len(f.Signals) > 0 {
		out += " signals(" + names(f.Signals) + ")"
	}
	return out
}

// exportFacts records UsesFacts for this package's package-level functions
// and methods.
func (a *summarizer) exportFacts() {
	for _, fn := range a.c.res.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil {
			continue
		}
		s := a.summary(fn)
		if s.unknown {
			continue // a cycle that did not settle: no fact, callers see unknown code
		}
		var f UsesFact
		seen := map[string]bool{}
		for _, u := range s.uses {
			if u.kind == evReg || u.key.kind != relParam || len(u.held) > 0 {
				continue // registrations and guarded uses stay local
			}
			p := paramPath(fn, u.key)
			p.Kind = uint8(u.kind)
			if !seen[p.Name] {
				seen[p.Name] = true
				f.Uses = append(f.Uses, p)
			}
		}
		if len(f.Uses) == 0 {
			continue
		}
		for _, sg := range s.signals {
			if sg.kind == relParam {
				f.Signals = append(f.Signals, paramPath(fn, sg))
			}
		}
		a.c.pass.ExportObjectFact(obj, &f)
	}
}

func paramPath(fn *ssa.Function, r relKey) ParamPath {
	k := key{root: fn.Params[r.index], deref: r.deref, fields: r.fields}
	p := ParamPath{Param: r.index, Deref: r.deref, Fields: k.fieldIndexes()}
	name := k.name()
	if name == "" {
		name = fmt.Sprintf("p%d%s", r.index, r.fields)
	}
	if r.deref {
		name = "*" + name
	}
	p.Name = name
	return p
}

// imported returns the summary of a function of another package from its
// fact (the summary table asks once per function).
func (a *summarizer) imported(obj *types.Func) (*fnSummary, bool) {
	var f UsesFact
	if !a.c.pass.ImportObjectFact(obj, &f) {
		return nil, false
	}
	s := &callEffects{}
	conv := func(p ParamPath) relKey {
		r := relKey{kind: relParam, index: p.Param, deref: p.Deref}
		for _, i := range p.Fields {
			r.fields += fmt.Sprintf(".%d", i)
		}
		return r
	}
	sig, _ := obj.Type().(*types.Signature)
	for _, p := range f.Uses {
		s.uses = append(s.uses, relEvent{kind: evKind(p.Kind), key: conv(p), typ: pathType(paramType(sig, p.Param), p.Deref, p.Fields), what: obj.Name()})
	}
	for _, p := range f.Signals {
		s.signals = append(s.signals, conv(p))
	}
	return &fnSummary{sum: s}, true
}

// paramType returns the type of parameter i (the receiver first).
func paramType(sig *types.Signature, i int) types.Type {
	if sig == nil {
		return nil
	}
	if sig.Recv() != nil {
		if i == 0 {
			return sig.Recv().Type()
		}
		i--
	}
	if i < sig.Params().Len() {
		return sig.Params().At(i).Type()
	}
	return nil
}

// pathType returns the type of the location a ParamPath names.
func pathType(t types.Type, deref bool, fields []int) types.Type {
	if t == nil {
		return nil
	}
	if deref {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return nil
		}
		t = p.Elem()
	}
	for _, i := range fields {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return nil
		}
		t = st.Field(i).Type()
	}
	return t
}
