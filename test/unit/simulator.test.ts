import { describe, expect, it } from 'vitest';
import {
  WORKED_EXAMPLE, WORKED_EXAMPLE_HOURS, WORKED_EXAMPLE_QUERY, formulaText, readFrenchNumber, runSimulator,
  sectorDefaults, simulatorNotes, simulatorQuery, type SimulatorInput, type SimulatorOutcome,
} from '../../src/domain/simulator.ts';
import { clauseHours } from '../../src/domain/calculator.ts';

const run = (query: string): SimulatorOutcome => runSimulator(new URLSearchParams(query));

function valid(query: string): { input: SimulatorInput; hours: number } {
  const outcome = run(query);
  if (outcome.state !== 'valid') throw new Error(`expected a valid simulation, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function errors(query: string): Partial<Record<string, string>> {
  const outcome = run(query);
  if (outcome.state !== 'invalid') throw new Error(`expected errors, got ${JSON.stringify(outcome)}`);
  return outcome.errors;
}

describe('the hours simulator (DOMAIN.md §6)', () => {
  it('gives 833 h for the MEF Sud 77 worked example: 1 000 000 € × 50 % × 5 % / 30 €/h', () => {
    const { input, hours } = valid('montant=1000000&part_main_oeuvre=50&taux=5&cout_horaire=30');
    expect(hours).toBe(833);
    expect(hours).toBe(WORKED_EXAMPLE_HOURS);
    expect(clauseHours(WORKED_EXAMPLE)).toBe(WORKED_EXAMPLE_HOURS);
    expect(input).toEqual({ estimatedAmountHt: 1_000_000, sector: undefined, labourShare: 0.5, labourShareFromSector: false, insertionRate: 0.05, hourlyCost: 30 });
    expect(formulaText(input, hours).replace(/[\u00a0\u202f]/g, ' ')).toBe('1 000 000 € × 50 % × 5 % ÷ 30 €/h = 833 h');
  });

  it('the worked-example link reproduces the worked example', () => {
    expect(valid(WORKED_EXAMPLE_QUERY).hours).toBe(833);
  });

  it('reads numbers typed the French way: spaces, decimal comma, units', () => {
    const { input, hours } = valid('montant=1%C2%A0000%C2%A0000%20%E2%82%AC&part_main_oeuvre=50%20%25&taux=5%2C0&cout_horaire=30%E2%82%AC%2Fh');
    expect(input.estimatedAmountHt).toBe(1_000_000);
    expect(input.insertionRate).toBe(0.05);
    expect(input.hourlyCost).toBe(30);
    expect(hours).toBe(833);
    expect(readFrenchNumber('12,5')).toBe(12.5);
    expect(readFrenchNumber(' ')).toBeUndefined();
    expect(readFrenchNumber('1e6')).toBeNaN();
  });

  it.each([
    ['peinture_interieure', 0.7, 1166],
    ['maconnerie', 0.5, 833],
    ['charpente_metallique', 0.2, 333],
  ] as const)('a sector without a typed share uses its default (%s: %d)', (sector, share, expected) => {
    const { input, hours } = valid(`montant=1000000&secteur=${sector}&part_main_oeuvre=&taux=5&cout_horaire=30`);
    expect(sectorDefaults[sector].labourShare).toBe(share);
    expect(input.labourShare).toBe(share);
    expect(input.labourShareFromSector).toBe(true);
    expect(hours).toBe(expected);
    expect(simulatorNotes(input, hours).join(' ')).toContain('valeur indicative');
  });

  it('a typed labour share wins over the sector default', () => {
    const { input, hours } = valid('montant=1000000&secteur=peinture_interieure&part_main_oeuvre=40&taux=5&cout_horaire=30');
    expect(input.labourShare).toBe(0.4);
    expect(input.labourShareFromSector).toBe(false);
    expect(hours).toBe(666);
  });

  it('shows the form, not errors, before anything is submitted', () => {
    expect(run('')).toEqual({ state: 'empty', values: { taux: '5', cout_horaire: '30' } });
    expect(run('autre=1').state).toBe('empty');
  });

  it.each([
    ['an empty form', 'montant=&secteur=&part_main_oeuvre=&taux=&cout_horaire=', {
      montant: 'Indiquez le montant estimé du marché, en euros hors taxes.',
      part_main_oeuvre: 'Indiquez la part de main-d’œuvre, en %, ou choisissez un secteur qui en propose une valeur indicative.',
      taux: 'Indiquez le taux d’insertion, en % (souvent 5 à 10 %).',
      cout_horaire: 'Indiquez le coût horaire chargé, en euros par heure.',
    }],
    ['words instead of numbers', 'montant=beaucoup&part_main_oeuvre=moitié&taux=5&cout_horaire=30', {
      montant: 'Le montant doit être un nombre, en euros (exemple : 250 000).',
      part_main_oeuvre: 'La part de main-d’œuvre doit être un nombre, en % (exemple : 50).',
    }],
    ['percentages out of range', 'montant=100000&part_main_oeuvre=150&taux=0&cout_horaire=30', {
      part_main_oeuvre: 'La part de main-d’œuvre doit être comprise entre 0 et 100 % (0 exclu).',
      taux: 'Le taux d’insertion doit être compris entre 0 et 100 % (0 exclu).',
    }],
    ['a zero amount and a negative cost', 'montant=0&part_main_oeuvre=50&taux=5&cout_horaire=-30', {
      montant: 'Le montant doit être supérieur à 0 €.',
      cout_horaire: 'Le coût horaire doit être un nombre, en euros par heure (exemple : 30).',
    }],
    ['absurd magnitudes', `montant=${'9'.repeat(400)}&part_main_oeuvre=50&taux=5&cout_horaire=0.000001`, {
      montant: 'Le montant doit être un nombre, en euros (exemple : 250 000).',
      cout_horaire: 'Le coût horaire doit être compris entre 1 et 1 000 € par heure.',
    }],
    ['an amount above 100 billion euros', 'montant=100000000001&part_main_oeuvre=50&taux=5&cout_horaire=30', {
      montant: 'Le montant doit être inférieur à 100 milliards d’euros.',
    }],
    ['an unknown sector', 'montant=100000&secteur=plomberie&taux=5&cout_horaire=30', {
      secteur: 'Choisissez un secteur de la liste.',
    }],
    ['the "other" sector with no share', 'montant=100000&secteur=autre&taux=5&cout_horaire=30', {
      part_main_oeuvre: 'Indiquez la part de main-d’œuvre, en %, ou choisissez un secteur qui en propose une valeur indicative.',
    }],
  ])('refuses %s with French messages on each field', (_case, query, expected) => {
    expect(errors(query)).toEqual(expected);
  });

  it('keeps what was typed so the form can be shown again with the errors', () => {
    const outcome = run('montant=beaucoup&taux=5&cout_horaire=30');
    expect(outcome.values).toEqual({ montant: 'beaucoup', taux: '5', cout_horaire: '30' });
  });

  it.each([
    ['the worked example', 'montant=1000000&part_main_oeuvre=50&taux=5&cout_horaire=30'],
    ['a sector default', 'montant=250000&secteur=maconnerie&taux=7&cout_horaire=31.5'],
    ['a typed share over a sector', 'montant=480000&secteur=charpente_metallique&part_main_oeuvre=35&taux=12.5&cout_horaire=28'],
    ['shares with floating-point traps', 'montant=123456.78&part_main_oeuvre=7&taux=0.7&cout_horaire=29.9'],
  ])('round-trips through the URL: %s', (_case, query) => {
    const first = valid(query);
    const shared = simulatorQuery(first.input);
    expect(shared).toBe(query);
    const again = valid(shared);
    expect(again).toEqual(first);
  });

  it('notes the practitioners’ rules of thumb: 40 000 € HT, and rates above 20 %', () => {
    const small = valid('montant=30000&part_main_oeuvre=50&taux=30&cout_horaire=30');
    const notes = simulatorNotes(small.input, small.hours).join(' ').replace(/[\u00a0\u202f]/g, ' ');
    expect(notes).toContain('40 000 € HT');
    expect(notes).toContain('jusqu’à 20 %');
    const usual = valid('montant=1000000&part_main_oeuvre=50&taux=5&cout_horaire=30');
    expect(simulatorNotes(usual.input, usual.hours)).toEqual([]);
  });
});
