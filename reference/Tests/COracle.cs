using System.Diagnostics;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace OsConformance.Reference.Tests;

/// <summary>
/// An oracle compiled from the platform's own C headers at test time (needs a C compiler):
/// constants by name and the W* macros applied to a status. Tests that use it are inconclusive
/// without a compiler, never silently green.
/// </summary>
internal static unsafe class COracle
{
    private const string Source = """
        #define _GNU_SOURCE
        #include <fcntl.h>
        #include <string.h>
        #include <sys/stat.h>
        #include <sys/wait.h>
        #include <unistd.h>
        #define X(n) if (strcmp(name, #n) == 0) { *found = 1; return (int)(n); }
        int osc_const(const char *name, int *found) {
            *found = 0;
            X(O_APPEND) X(O_CREAT) X(O_EXCL) X(O_RDONLY) X(O_RDWR) X(O_SYNC) X(O_TRUNC) X(O_WRONLY)
            X(S_IFDIR) X(S_IFCHR) X(S_IFBLK) X(S_IFREG) X(S_IFIFO) X(S_IFLNK) X(S_IFSOCK)
            X(S_ISUID) X(S_ISGID) X(S_ISVTX) X(S_IREAD) X(S_IWRITE) X(S_IEXEC)
            X(S_IRWXU) X(S_IRUSR) X(S_IWUSR) X(S_IXUSR) X(S_IRWXG) X(S_IRGRP) X(S_IWGRP) X(S_IXGRP)
            X(S_IRWXO) X(S_IROTH) X(S_IWOTH) X(S_IXOTH)
            X(WCONTINUED) X(WNOHANG) X(WUNTRACED) X(STDIN_FILENO) X(STDOUT_FILENO) X(STDERR_FILENO)
            X(O_CLOEXEC) X(O_NONBLOCK) X(F_DUPFD_CLOEXEC) X(AT_FDCWD)
            return 0;
        }
        int osc_w(int which, int s) {
            switch (which) {
            case 0: return WIFEXITED(s) != 0;   case 1: return WEXITSTATUS(s);
            case 2: return WIFSIGNALED(s) != 0; case 3: return WTERMSIG(s);
            case 4: return WIFSTOPPED(s) != 0;  case 5: return WSTOPSIG(s);
            case 6: return WIFCONTINUED(s) != 0;
            }
            return -1;
        }
        """;

    private static readonly Lazy<(IntPtr Const, IntPtr W)?> s_lib = new(Build);

    private static (IntPtr, IntPtr)? Build()
    {
        string dir = Directory.CreateTempSubdirectory("osc-coracle-").FullName;
        string src = Path.Combine(dir, "oracle.c"), lib = Path.Combine(dir, "oracle.so");
        try
        {
            File.WriteAllText(src, Source);
            using (var p = Process.Start(new ProcessStartInfo("cc", ["-shared", "-fPIC", "-O0", "-o", lib, src])
            { RedirectStandardError = true, RedirectStandardOutput = true })!)
            {
                p.WaitForExit();
                if (p.ExitCode != 0) return null;
            }
            IntPtr h = NativeLibrary.Load(lib);
            return (NativeLibrary.GetExport(h, "osc_const"), NativeLibrary.GetExport(h, "osc_w"));
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // no compiler
        finally { Directory.Delete(dir, recursive: true); } // the loaded mapping outlives the file
    }

    private static (IntPtr Const, IntPtr W) Lib
    {
        get
        {
            var lib = s_lib.Value;
            Assume.That(lib, Is.Not.Null, "no C compiler (cc) to build the header oracle");
            return lib!.Value;
        }
    }

    internal static int? Constant(string name)
    {
        var f = (delegate* unmanaged<byte*, int*, int>)Lib.Const;
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        int found;
        int value;
        fixed (byte* p = bytes) value = f(p, &found);
        return found != 0 ? value : null;
    }

    internal enum W { IfExited, ExitStatus, IfSignaled, TermSig, IfStopped, StopSig, IfContinued }

    internal static int Wait(W which, int status) => ((delegate* unmanaged<int, int, int>)Lib.W)((int)which, status);
}
