using System.IO.Pipes;
using BenchmarkDotNet.Attributes;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>A pipe round trip on one thread: write 64 bytes into a pipe, read them back.</summary>
[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
public class PipeBenchmarks
{
    private const int Size = 64;
    private readonly byte[] _out = new byte[Size];
    private readonly byte[] _in = new byte[Size];
    private int _r, _w;
    private AnonymousPipeServerStream _server = null!;
    private AnonymousPipeClientStream _client = null!;

    [GlobalSetup]
    public unsafe void Setup()
    {
        new Random(3).NextBytes(_out);
        int* fds = stackalloc int[2];
        Interop.Check(Interop.IsLinux ? Interop.pipe2(fds, Interop.O_CLOEXEC) : Interop.pipe(fds), "pipe");
        (_r, _w) = (fds[0], fds[1]);
        _server = new AnonymousPipeServerStream(PipeDirection.Out);
        _client = new AnonymousPipeClientStream(PipeDirection.In, _server.ClientSafePipeHandle);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Interop.close(_r);
        Interop.close(_w);
        _client.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true)]
    public unsafe nint WriteRead64_PInvoke()
    {
        fixed (byte* o = _out) Interop.Check(Interop.write(_w, o, Size), "write");
        fixed (byte* i = _in) return Interop.Check(Interop.read(_r, i, Size), "read");
    }

    [Benchmark]
    public int WriteRead64_Reference()
    {
        Os.Write(_w, _out);
        return Os.Read(_r, _in);
    }

    /// <summary>System.IO.Pipes' anonymous pipe streams (a pipe(2) pair underneath).</summary>
    [Benchmark]
    public int WriteRead64_AnonymousPipeStreams()
    {
        _server.Write(_out);
        return _client.Read(_in);
    }
}
