Console.WriteLine("sip");
