package a

func bad()  {}
func good() {}

func f() {
	bad()  //zmqlint:ignore zerocopy the test says so
	good() //zmqlint:ignore lifecycle,zerocopy only lifecycle has a finding here // want `zmqlint:ignore directive for zerocopy silences nothing here: remove it`
	good() //zmqlint:ignore zerocopy nothing here // want `zmqlint:ignore directive for zerocopy silences nothing here: remove it`
	good()
}
