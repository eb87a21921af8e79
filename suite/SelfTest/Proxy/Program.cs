using System.Text;
using OsConformance.Harness;

namespace OsConformance.SelfTest.Proxy;

/// <summary>
/// <c>osc-faulty-harness --fault ID</c>: the reference harness's session on stdin and stdout with one
/// fault of the catalogue switched on (<c>none</c>: no fault). <c>--list</c> prints the catalogue as
/// JSON lines for <c>os-conformance selftest</c>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["--list"])
        {
            Stdio.WriteAll(1, Encoding.UTF8.GetBytes(Catalogue.ListJson()));
            return 0;
        }
        if (args is not ["--fault", var id])
        {
            Stdio.Log("usage: osc-faulty-harness --fault ID | --list");
            return 2;
        }
        var layer = new FaultLayer();
        if (id != "none")
        {
            if (Catalogue.Find(id) is not { } fault)
            {
                Stdio.Log($"no fault \"{id}\" in the catalogue (--list shows them)");
                return 2;
            }
            fault.Apply(layer);
        }
        var stdin = new LineReader(0);
        var session = new Session(layer.Reply, layer.Fork);
        session.Run(() => layer.Request(stdin.ReadLine()));
        return 0;
    }
}
