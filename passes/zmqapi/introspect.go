package zmqapi

// Read-only views of the tables for tests that check them against the
// real bindings (TestTablesMatchRealBindings).

// TypeRef names a socket type of a binding.
type TypeRef struct {
	Binding   Binding
	Pkg, Name string
}

// FieldRef names a struct field with a role.
type FieldRef struct {
	Pkg, Recv, Name string
	Role            Role
}

// SocketTypes returns the socket types of every binding, in table order.
func (m *Model) SocketTypes() []TypeRef {
	var out []TypeRef
	for _, s := range allTables().socketTypes {
		out = append(out, TypeRef{s.Binding, s.Pkg, s.Name})
	}
	return out
}

// Fields returns the struct fields that have a role, in table order.
func (m *Model) Fields() []FieldRef {
	var out []FieldRef
	for _, f := range allTables().fields {
		out = append(out, FieldRef{f.Pkg, f.Recv, f.Name, f.Role})
	}
	return out
}
