using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>
/// Filling a buffer from the system CSPRNG. The baseline is the reference's own source: getrandom(2)
/// on Linux (looped: it may return less than asked above 256 bytes), arc4random_buf on macOS.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
public class URandomBenchmarks
{
    [Params(32, 64 << 10)]
    public int Size { get; set; }

    private byte[] _buf = null!;

    [GlobalSetup] public void Setup() => _buf = new byte[Size];

    [Benchmark(Baseline = true)]
    public unsafe byte[] URandom_PInvoke()
    {
        fixed (byte* p = _buf)
        {
            if (!Interop.IsLinux)
            {
                Interop.arc4random_buf(p, (nuint)_buf.Length);
                return _buf;
            }
            for (int done = 0; done < _buf.Length;)
                done += (int)Interop.Check(Interop.getrandom(p + done, (nuint)(_buf.Length - done), 0), "getrandom");
        }
        return _buf;
    }

    /// <summary>os.urandom(buffer): fills the caller's buffer.</summary>
    [Benchmark]
    public byte[] URandom_Reference() => Os.URandom(_buf);

    /// <summary>os.urandom(n): returns a new buffer, so it allocates n bytes plus the array header.</summary>
    [Benchmark]
    public byte[] URandom_ReferenceNewBuffer() => Os.URandom(Size);

    [Benchmark]
    public byte[] URandom_RandomNumberGeneratorFill()
    {
        RandomNumberGenerator.Fill(_buf);
        return _buf;
    }
}
