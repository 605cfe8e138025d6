package zmqapi

import "go/types"

// msgTypes lists the message types whose Frames field carries the
// caller's frame slices (go-zeromq Msg, §1.2: "Msg is a value struct
// {Frames [][]byte; ...}, so copying a Msg copies slice headers only").
// It is the one model of Msg.Frames: the buffers helper traces a Msg
// through it for both zerocopy (the frames' bytes) and multipart (the
// frames slice).
var msgTypes = []struct{ Pkg, Name, FramesField string }{
	{gozmqPath, "Msg", "Frames"},
}

// MsgFramesField reports whether t is a binding's message type whose
// frames alias caller memory (go-zeromq Msg), and returns the index of its
// frames field.
func (m *Model) MsgFramesField(t types.Type) (int, bool) {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return -1, false
	}
	for _, mt := range msgTypes {
		if PathOf(n.Obj().Pkg()) != mt.Pkg || n.Obj().Name() != mt.Name {
			continue
		}
		st, ok := n.Underlying().(*types.Struct)
		if !ok {
			return -1, false
		}
		for i := 0; i < st.NumFields(); i++ {
			if st.Field(i).Name() == mt.FramesField {
				return i, true
			}
		}
	}
	return -1, false
}
