// Registers the commands beyond `synth` (each in its own module, so the synth path stays lean).
import '../terraform/check-command.js';
