using BenchmarkDotNet.Attributes;
using Microsoft.Win32.SafeHandles;
using OsConformance.Reference;

namespace OsConformance.Bench;

/// <summary>
/// Sequential reads and writes of Size bytes on a 16 MiB regular file (page cache). read(2) and
/// write(2) advance the offset, so every method rewinds (one lseek) only when the next call would
/// pass the end: once per 16 calls at 1 MiB, once per 262144 at 64 B. RandomAccess takes the
/// offset as an argument (pread/pwrite) and needs no rewind.
/// </summary>
public abstract class FileIoBenchmarks
{
    protected const long Region = 16 << 20;

    [Params(64, 4096, 1 << 20)]
    public int Size { get; set; }

    private Fixture _fixture = null!;
    protected int Fd;
    protected SafeFileHandle Handle = null!;
    protected byte[] Buffer = null!;
    protected long Pos;

    protected abstract int OpenFlags { get; }
    protected abstract FileAccess Access { get; }

    [GlobalSetup]
    public void Setup()
    {
        _fixture = new Fixture();
        string path = _fixture.File("data.bin", Region);
        Fd = Interop.Check(Interop.open(path, OpenFlags | Interop.O_CLOEXEC, 0), "open");
        Handle = File.OpenHandle(path, FileMode.Open, Access);
        Buffer = new byte[Size];
        new Random(7).NextBytes(Buffer);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Interop.close(Fd);
        Handle.Dispose();
        _fixture.Dispose();
    }

    protected void Rewind()
    {
        if (Pos + Size > Region)
        {
            Interop.lseek(Fd, 0, Interop.SEEK_SET);
            Pos = 0;
        }
    }

    protected void Advance(long n)
    {
        Pos += n;
        if (Pos + Size > Region) Pos = 0; // RandomAccess: the offset is ours to choose
    }
}

[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
public class ReadBenchmarks : FileIoBenchmarks
{
    protected override int OpenFlags => 0; // O_RDONLY
    protected override FileAccess Access => FileAccess.Read;

    [Benchmark(Baseline = true)]
    public unsafe nint Read_PInvoke()
    {
        Rewind();
        nint n;
        fixed (byte* p = Buffer) n = Interop.Check(Interop.read(Fd, p, (nuint)Buffer.Length), "read");
        Pos += n;
        return n;
    }

    [Benchmark]
    public int Read_Reference()
    {
        Rewind();
        int n = Os.Read(Fd, Buffer);
        Pos += n;
        return n;
    }

    [Benchmark]
    public int Read_RandomAccess()
    {
        int n = RandomAccess.Read(Handle, Buffer, Pos);
        Advance(n);
        return n;
    }
}

[MemoryDiagnoser]
[Config(typeof(JitJobConfig))]
public class WriteBenchmarks : FileIoBenchmarks
{
    protected override int OpenFlags => 1; // O_WRONLY
    protected override FileAccess Access => FileAccess.Write;

    [Benchmark(Baseline = true)]
    public unsafe nint Write_PInvoke()
    {
        Rewind();
        nint n;
        fixed (byte* p = Buffer) n = Interop.Check(Interop.write(Fd, p, (nuint)Buffer.Length), "write");
        Pos += n;
        return n;
    }

    [Benchmark]
    public int Write_Reference()
    {
        Rewind();
        int n = Os.Write(Fd, Buffer);
        Pos += n;
        return n;
    }

    /// <summary>RandomAccess.Write returns nothing: it loops until every byte is written.</summary>
    [Benchmark]
    public long Write_RandomAccess()
    {
        RandomAccess.Write(Handle, Buffer, Pos);
        Advance(Buffer.Length);
        return Pos;
    }
}
