using System.Runtime.InteropServices;
using NUnit.Framework;
using OsConformance.Protocol.Interop;

namespace OsConformance.Suite.Tests.Protocol;

public class CLibraryTests
{
    [Test]
    public unsafe void The_chosen_library_is_this_process_s_C_library()
    {
        var getpid = (delegate* unmanaged<int>)NativeLibrary.GetExport(CLibrary.Load(), "getpid");
        Assert.That(getpid(), Is.EqualTo(Environment.ProcessId));
        Assert.That(CLibrary.Load(), Is.EqualTo(CLibrary.Load()), "loaded once");
    }

    [Test]
    public void Glibc_s_linker_script_is_never_the_first_choice() =>
        Assert.That(CLibrary.Candidates[0], Is.Not.EqualTo("libc.so"));
}
