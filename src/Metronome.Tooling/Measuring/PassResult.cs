namespace Metronome.Tooling.Measuring;

/// <summary>One dahdi-style pass: <paramref name="Samples"/> delivered in <paramref name="Intervals"/> 125 µs intervals.</summary>
internal readonly record struct PassResult(double Score, int Samples, double Intervals);
