import { returnedRows } from './database';

describe('returnedRows', () => {
  it('unwraps UPDATE … RETURNING ([rows, count]) and passes plain rows through', () => {
    expect(returnedRows([[{ id: 'a' }], 1])).toEqual([{ id: 'a' }]);
    expect(returnedRows([[], 0])).toEqual([]);
    expect(returnedRows([{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
  });
});
