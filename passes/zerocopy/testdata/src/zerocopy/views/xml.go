package views

import (
	"bytes"
	"encoding/xml"

	"github.com/go-zeromq/zmq4"
)

// The bytes of a token's CharData are the decoder's buffer until the next
// Token.
func xmlText(pub zmq4.Socket, d *xml.Decoder) error {
	for {
		tok, err := d.Token() // want `d.Token\(\) reuses the buffer that t views \(d.Token\(\) on line 14, valid only until the next Token\) after it was handed to Send on line 19`
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.CharData); ok {
			pub.Send(zmq4.NewMsg(t))
		}
	}
}

func xmlSwitch(pub zmq4.Socket, d *xml.Decoder) {
	tok, _ := d.RawToken()
	switch t := tok.(type) {
	case xml.Comment:
		pub.Send(zmq4.NewMsg(t))
	}
	d.Skip() // want `d.Skip\(\) reuses the buffer that t views`
}

// Negatives: a copy (CopyToken, bytes.Clone), a StartElement's name.
func xmlCopied(pub zmq4.Socket, d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		if t, ok := xml.CopyToken(tok).(xml.CharData); ok {
			pub.Send(zmq4.NewMsg(t))
		}
	}
}

func xmlCloned(pub zmq4.Socket, d *xml.Decoder) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		if t, ok := tok.(xml.CharData); ok {
			pub.Send(zmq4.NewMsg(bytes.Clone(t)))
		}
	}
}

func xmlName(pub zmq4.Socket, d *xml.Decoder) {
	tok, _ := d.Token()
	if se, ok := tok.(xml.StartElement); ok {
		pub.Send(zmq4.NewMsg([]byte(se.Name.Local)))
	}
	d.Token()
}
