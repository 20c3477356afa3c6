// Registers the commands beyond `synth` (each in its own module, so the synth path stays lean).
export {};
import './validate.js';
